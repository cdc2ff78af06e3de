"""Mount the web pages on the application."""

from importlib.resources import files

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from api.settings import get_settings
from web import errors, sessions
from web.pages import (
    account,
    admin,
    compare,
    coverage,
    home,
    jobs,
    norms,
    notifications,
    opendata,
    participants,
    practices,
    review,
    search,
    syntheses,
    synthesis_admin,
    word,
    workspace,
)

ROUTERS = (
    home,
    norms,
    participants,
    word,  # before practices: /practices/{id}.docx
    practices,
    search,
    compare,
    coverage,
    opendata,
    syntheses,
    account,
    workspace,
    review,
    admin,
    synthesis_admin,
    jobs,
    notifications,
)


def install(app: FastAPI) -> None:
    """Add the HTML routes, static files, error pages and the session cookie."""
    settings = get_settings()
    app.mount("/static", StaticFiles(directory=str(files("web").joinpath("static"))), name="static")
    for module in ROUTERS:
        app.include_router(module.router, include_in_schema=False)
    app.add_api_route("/favicon.ico", favicon, include_in_schema=False)
    errors.install(app)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=sessions.COOKIE,
        max_age=settings.session_lifetime_minutes * 60,
        same_site="lax",
        https_only=settings.https,
    )


def favicon() -> RedirectResponse:
    """Browsers ask for /favicon.ico whatever the page says: the icon is one SVG file."""
    response = RedirectResponse("/static/favicon.svg", status_code=301)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
