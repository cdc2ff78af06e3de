"""Errors on HTML routes become pages (errors/<status>.html); /api keeps its JSON."""

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import TemplateNotFound
from starlette.exceptions import HTTPException

from api import errors as api_errors
from norms.errors import Conflict, DomainError, Invalid
from web import caching, templating
from web.deps import LoginRequired, View, login_url, view_for
from web.sessions import CsrfRefused

_MACHINE_PREFIXES = ("/api/", "/openapi.json", "/healthz", "/readyz")


def is_page(request: Request) -> bool:
    return not request.url.path.startswith(_MACHINE_PREFIXES)


def _view(request: Request) -> View:
    view = getattr(request.state, "view", None)
    return view if isinstance(view, View) else view_for(request)


def error_page(request: Request, status: int, **values: object) -> Response:
    request.state.etag = None
    view = _view(request)
    name = f"errors/{status}.html"
    try:
        templating.environment.get_template(name)
    except TemplateNotFound:
        name = "errors/error.html"
    return view.render(name, status_code=status, status=status, **values)


async def domain_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, DomainError)
    if not is_page(request):
        return await api_errors.domain_error(request, error)
    status = api_errors.status_for(error, request)
    if isinstance(error, Invalid):  # the field, in the page's language; not the internal message
        return error_page(request, status, fields=[(error.field, "invalid")])
    # A conflict's message tells a signed-in author what to do; a 404 or 403 says nothing more.
    return error_page(
        request, status, detail=error.message if isinstance(error, Conflict) else None
    )


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if not is_page(request):
        return await http_exception_handler(request, error)
    response = error_page(request, error.status_code)
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


async def validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    if not is_page(request):
        return await api_errors.validation_error(request, error)
    if any(e.get("loc", [None])[0] == "path" for e in error.errors()):
        return error_page(request, 404)
    fields = [(str(e["loc"][-1]), str(e["type"])) for e in error.errors()]
    return error_page(request, 422, fields=fields)


async def csrf_refused(request: Request, error: Exception) -> Response:
    return error_page(request, 403, csrf=True)


async def login_required(request: Request, error: Exception) -> Response:
    return RedirectResponse(login_url(request), status_code=303)


async def not_modified(request: Request, error: Exception) -> Response:
    assert isinstance(error, caching.NotModified)
    return caching.not_modified(request, error)


async def kept_page(request: Request, kept: Exception) -> Response:
    assert isinstance(kept, caching.Kept)
    return _view(request).finish(HTMLResponse(kept.html))


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(CsrfRefused, csrf_refused)
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(caching.NotModified, not_modified)
    app.add_exception_handler(caching.Kept, kept_page)
