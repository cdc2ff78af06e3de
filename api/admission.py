"""How many requests use the database at once: as many connections as the pool keeps. Its
overflow is left to the short sessions of streamed exports, one per batch, which take no place:
a download streaming for minutes never holds a page's place.

Routes and dependencies are plain `def`, run in the thread pool. A request takes its place here,
on the event loop, before it takes a connection, so a request never waits for a connection while
holding a thread, and the thread pool never waits on the connection pool. One that waits longer
than `db_wait_seconds` is answered 503 with Retry-After (as is SQLAlchemy's own pool time-out).
"""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import TimeoutError as PoolTimeout

RETRY_AFTER = "5"
# Threads beyond the database's places, for work that needs none (sending a kept file).
SPARE_THREADS = 8


class Busy(Exception):
    """Every place is taken and none was freed in time."""


class Places:
    """The database's places in this process, bound to the running event loop when first used."""

    def __init__(self, count: int, wait_seconds: float) -> None:
        self.count = count
        self.wait_seconds = wait_seconds
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def limiter(self) -> anyio.CapacityLimiter:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.count)
        return self._limiter

    @asynccontextmanager
    async def taken(self) -> AsyncIterator[None]:
        limiter = self.limiter
        try:
            with anyio.fail_after(self.wait_seconds):
                await limiter.acquire()
        except TimeoutError:
            raise Busy from None
        try:
            yield
        finally:
            limiter.release()


def size_thread_pool(places: Places) -> None:
    """FastAPI's thread pool sized with the connection pool (call on the event loop)."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = places.count + SPARE_THREADS


def busy_response() -> JSONResponse:
    return JSONResponse(
        {"detail": "the server is busy; try again shortly"},
        status_code=503,
        headers={"Retry-After": RETRY_AFTER},
    )


async def _busy(request: Request, error: Exception) -> JSONResponse:
    return busy_response()


def install(app: FastAPI, places: Places) -> None:
    app.add_exception_handler(Busy, _busy)
    app.add_exception_handler(PoolTimeout, _busy)
    app.state.places = places


def lifespan(places: Places) -> Callable[[FastAPI], Any]:
    @asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        size_thread_pool(places)
        yield

    return run
