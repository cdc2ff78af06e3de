"""The ASGI application: JSON API under /api/v1, web pages at the root."""

from fastapi import APIRouter, Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api import (
    admission,
    docs,
    errors,
    mailer,
    storable,
    tasks,  # noqa: F401  (every job known, publications turned into jobs)
)
from api.db import get_database
from api.deps import pool_of
from api.head import HeadAsGet
from api.headers import SecurityHeaders
from api.limits import BodyLimit
from api.list_shortcut import ListShortcut
from api.routes import admin, auth, catalogue, cycles, health, jobs, submissions, syntheses
from api.settings import Settings, get_settings
from submissions import public_version
from web import app as web_app

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    public_version.clear()  # what an earlier app kept was made with its own settings
    places = admission.Places(pool_of(settings).size, settings.db_wait_seconds)
    app = FastAPI(
        lifespan=admission.lifespan(places),
        title="Normbook",
        version="1",
        summary="Lessons learned and best practices on the UN norms of responsible State behaviour in cyberspace.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(storable.refuse_unstorable_text)],
    )
    app.include_router(health.router)
    api = APIRouter(responses=errors.COMMON)
    for module in (auth, catalogue, submissions, cycles, admin, syntheses, jobs):
        api.include_router(module.router)
    # The prefix given here, not to the router, lets FastAPI prepare the API's routes on first use
    # (0.16 s less at start-up).
    app.include_router(api, prefix=API_PREFIX)
    errors.install(app)
    mailer.install()
    admission.install(app, places)
    docs.install(app)
    web_app.install(app)
    app.add_middleware(
        ListShortcut, api=app, database=get_database(settings.database_url, pool_of(settings))
    )  # inside compression and the security headers
    # Level 3: a 50-practice JSON page (460 kB) compresses in 7 ms instead of 29 ms at the default
    # 9, for an answer 11% larger.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=3)
    app.add_middleware(SecurityHeaders, hsts=settings.https)
    app.add_middleware(HeadAsGet)
    # A Word file may be 10 MB: the page itself refuses a larger one with a message for people.
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        larger={"/workspace/practices/import": 16 * 1024 * 1024},
    )
    if settings.trusted_proxies:  # outermost: every layer sees the client the proxy names
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    return app
