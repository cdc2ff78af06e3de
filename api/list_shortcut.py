"""Anonymous reads of the practice list, answered before routing.

The list is the API's busiest read, and at 100,000 practices FastAPI's routing, dependency
resolution and parameter validation cost several times what the database takes to answer it. A
request this shortcut can answer exactly as the route would — no credentials, no cookie, known
parameters each given once and valid — is answered from the same `public_list.respond`. Anything
else, errors included, goes on to the route, which stays the reference and documents the endpoint.
"""

import re
from functools import lru_cache

from fastapi import FastAPI
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from api import public_list
from api.admission import Busy, Places, busy_response
from api.db import Database
from api.deps import get_session
from api.version_reads import version_reads
from norms.codes import canonical
from norms.errors import Invalid
from submissions import cursors, search
from submissions.access import ANONYMOUS
from submissions.cursors import Cursor
from submissions.listing import FACETS, Filters
from submissions.models import Status

PATH = "/api/v1/submissions"
_NUMBERS = {"year": (1990, 2100), "page": (1, 100_000), "page_size": (1, 100)}
_CHOICES = {"status": {status.value for status in Status}, "language": {"en", "fr"}}
_LONGEST = {"norm": 20, "participant": 3, "theme": 40, "cycle": 40, "q": 200, "cursor": 200}
_MOST = {"norm": 11, "participant": 20, "theme": 20, "language": 2, "year": 20}  # as the route
_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


@lru_cache(maxsize=1024)  # parsing and checking a query cost a tenth of a kept list's answer
def arguments_of(query_string: bytes) -> tuple[Filters, int, int, Cursor | None] | None:
    """The route's arguments if every parameter is one it accepts as given, else None."""
    items = QueryParams(query_string).multi_items()
    given = dict(items)
    repeated = [name for name, _ in items if name not in FACETS]
    if len(repeated) != len(set(repeated)) or not set(given) <= {*_NUMBERS, *_CHOICES, *_LONGEST}:
        return None
    for name, value in items:
        if not value or "\x00" in value:
            return None
        if name in _LONGEST and len(value) > _LONGEST[name]:
            return None
        if name in _CHOICES and value not in _CHOICES[name]:
            return None
        if name in _NUMBERS:
            low, high = _NUMBERS[name]
            if not _NUMBER.fullmatch(value) or not low <= int(value) <= high:
                return None
    chosen = {name: [value for key, value in items if key == name] for name in FACETS}
    if any(len(values) > _MOST[name] for name, values in chosen.items()):
        return None
    if any(canonical(norm) is None for norm in chosen["norm"]):
        return None
    filters = Filters(
        norm=tuple(chosen["norm"]),
        participant=tuple(chosen["participant"]),
        theme=tuple(chosen["theme"]),
        status=Status(given["status"]) if "status" in given else None,
        cycle=given.get("cycle"),
        language=tuple(chosen["language"]),
        year=tuple(int(year) for year in chosen["year"]),
        q=given.get("q"),
    )
    page = int(given.get("page", 1))
    cursor = None
    if "cursor" in given:
        try:
            cursor = cursors.decode(given["cursor"], ANONYMOUS)
        except Invalid:
            return None
        if page != 1 or search.is_searchable(filters.q):
            return None
    return filters, page, int(given.get("page_size", 20)), cursor


class ListShortcut:
    def __init__(self, app: ASGIApp, api: FastAPI, database: Database) -> None:
        self.app = app
        self.api = api
        self.database = database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        arguments = None
        if (
            scope["type"] == "http"
            and scope["path"] == PATH
            and scope["method"] == "GET"
            and get_session not in self.api.dependency_overrides  # a test's session: route only
        ):
            names = [name for name, _ in scope["headers"]]
            if not {b"authorization", b"cookie"} & set(names) and names.count(b"if-none-match") < 2:
                arguments = arguments_of(scope["query_string"])
        if arguments is None:
            await self.app(scope, receive, send)
            return
        filters, page, page_size, cursor = arguments
        tags = dict(scope["headers"]).get(b"if-none-match")
        tag = None if tags is None else tags.decode("latin-1")

        try:
            answer = await self._answer(filters, page, page_size, tag, cursor)
        except (Busy, PoolTimeout):
            await busy_response()(scope, receive, send)
            return
        headers = [
            (name.lower().encode(), value.encode()) for name, value in answer.headers.items()
        ]
        if answer.status == 200:
            headers.append((b"content-length", str(len(answer.body)).encode()))
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        await send({"type": "http.response.body", "body": answer.body})

    async def _answer(
        self,
        filters: Filters,
        page: int,
        page_size: int,
        tag: str | None,
        cursor: Cursor | None,
    ) -> public_list.Answer:
        """The kept answer, found on the event loop after the version's shared read; else the
        answer made in a session, in a thread, once a place is free."""
        version = await version_reads(self.database.reader).current()
        answer = public_list.kept(version, filters, page, page_size, tag, cursor)
        if answer is not None:
            return answer

        def respond() -> public_list.Answer:
            with self.database.session(write=False) as session:
                answer = public_list.respond(session, filters, page, page_size, tag, cursor)
                session.commit()
            return answer

        places = getattr(self.api.state, "places", None) or Places(1 << 16, 60)
        async with places.taken():
            return await run_in_threadpool(respond)  # never on the event loop
