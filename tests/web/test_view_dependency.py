"""The page's view for a visitor who is not logged in is made without the database (and so
without a trip to the thread pool); a member's is read from it."""

import asyncio
import inspect
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from starlette.requests import Request

from web import sessions
from web.deps import View, get_view


class Untouchable:
    """A session that fails the test if anything is asked of it."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the database was used: {name}")


def request_with(cookie_session: dict[str, str]) -> Request:
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/search",
        "query_string": b"",
        "headers": [(b"accept-language", b"fr")],
        "session": cookie_session,
        "state": {},
    }
    return Request(scope)


def view(cookie_session: dict[str, str]) -> View:
    """`get_view` run to its end on a loop of its own (in a thread: the suite's other tests may
    leave one running in this one)."""
    request = request_with(cookie_session)
    with ThreadPoolExecutor(1) as pool:
        untouchable: Any = Untouchable()
        return pool.submit(lambda: asyncio.run(get_view(request, untouchable))).result()


def test_a_visitor_view_needs_no_database() -> None:
    # FastAPI runs a plain `def` dependency in the thread pool; a coroutine, on the event loop.
    assert inspect.iscoroutinefunction(get_view)
    made = view({})
    assert made.user is None and made.lang == "fr"


def test_a_member_view_reads_the_account() -> None:
    with pytest.raises(AssertionError, match="the database was used"):
        view({sessions.TOKEN: "a-token"})
