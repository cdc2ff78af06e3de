"""API tokens: OAuth2 password flow, and revocation."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api import accounts, throttle
from api.deps import SessionDep, SettingsDep, TokenDep
from api.errors import responses
from norms.errors import Invalid

router = APIRouter(prefix="/auth", tags=["auth"])


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


def _refused(status_code: int, message: str, headers: dict[str, str]) -> JSONResponse:
    """An answer, not an exception, so that the request's transaction keeps the counted guess."""
    return JSONResponse({"detail": message}, status_code=status_code, headers=headers)


@router.post("/token", response_model=TokenRead, responses=responses(429))
def issue(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
) -> TokenRead | JSONResponse:
    """Exchange an e-mail (`username`) and password for a bearer token."""
    for field, value, longest in (
        ("username", form.username, 320),
        ("password", form.password, 500),
    ):
        if len(value) > longest:
            raise Invalid(field, f"must have at most {longest} characters", location="body")
    keys = throttle.guess(request.client.host if request.client else "?", form.username)
    wait = throttle.attempt(session, keys, throttle.limits(settings))
    if wait:
        return _refused(
            429, "too many failed attempts; try again later", {"Retry-After": str(wait)}
        )
    user = accounts.authenticate(session, form.username, form.password)
    if user is None:
        return _refused(401, "wrong e-mail or password", {"WWW-Authenticate": "Bearer"})
    throttle.succeeded(session, keys)
    token, _ = accounts.issue_token(session, user, settings.token_lifetime_minutes)
    return TokenRead(access_token=token, expires_in=settings.token_lifetime_minutes * 60)


@router.delete("/token", status_code=204)
def revoke(session: SessionDep, token: TokenDep) -> None:
    """Revoke the token this request carries."""
    if token is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "no token", headers={"WWW-Authenticate": "Bearer"}
        )
    accounts.revoke_token(session, token)
