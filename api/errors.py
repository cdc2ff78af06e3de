"""Domain errors as JSON: 404, 403, 409 (412 for a stale conditional write), 422 with a field."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api import storable
from norms.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, Stale
from submissions import messages


class ErrorRead(BaseModel):
    detail: str | list[dict[str, Any]]


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a route may answer, so that clients can rely on them."""
    meaning = {
        400: "Malformed request body",
        401: "Missing, invalid, expired or revoked token",
        403: "Not allowed for this caller",
        404: "Unknown, or not visible to this caller",
        409: "Not allowed in the current state",
        412: "If-Match does not match the current version",
        413: "Request body too large",
        428: "If-Match is required",
        429: "Too many failed attempts",
        503: "The database does not answer",
    }
    return {code: {"model": ErrorRead, "description": meaning[code]} for code in codes}


COMMON = responses(400, 401, 403, 404, 409, 413)


def status_for(error: DomainError, request: Request) -> int:
    if isinstance(error, Stale):
        return 412 if "if-match" in request.headers else 409
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Forbidden):
        return 403
    if isinstance(error, Conflict):
        return 409
    return 422 if isinstance(error, Invalid) else 400


def body_for(error: DomainError) -> dict[str, object]:
    if isinstance(error, Invalid):
        return {
            "detail": [
                {"loc": [error.location, error.field], "msg": error.message, "type": "value_error"}
            ]
        }
    return {"detail": error.message}


async def domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    return JSONResponse(body_for(error), status_code=status_for(error, request))


def humane(problems: Any, path: str) -> list[dict[str, Any]]:
    """A practice's body problems keep their `loc` and `type`, with the message the form shows."""
    out = []
    for problem in problems:
        loc = list(problem.get("loc") or [])
        is_practice = "/submissions" in path and loc[:1] == ["body"]
        message = (
            messages.for_problem(loc[1:], str(problem.get("type")))
            if is_practice and problem.get("msg") != storable.MESSAGE
            else None
        )
        out.append({**problem, "msg": message} if message else problem)
    return out


async def validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    detail = humane(error.errors(), request.url.path)
    return JSONResponse({"detail": jsonable_encoder(detail)}, status_code=422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
