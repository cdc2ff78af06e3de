"""The anonymous list shortcut answers exactly as the route would, or leaves the request to it."""

from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from api import public_list
from api.app import create_app
from api.db import Database
from api.deps import current_settings, get_session
from api.list_shortcut import ListShortcut, arguments_of
from api.settings import get_settings
from submissions import public_version
from submissions.cursors import PUBLISHED, UPDATED, Cursor
from submissions.models import Status
from tests.databases import migrated, seed
from tests.factories import make_submission

VALUES = {
    "norm": ["13a", "13g", "13(g)", "norm g", "13G", "13z", "", "g" * 21],
    "participant": ["DEU", "deu", "FRA", "JPN", "XX", "ABCD"],
    "theme": ["critical-infrastructure", "capacity-building", "nope", "t" * 41],
    "status": ["published", "draft", "withdrawn", "bogus"],
    "cycle": ["fr-2026", "none"],
    "language": ["en", "fr", "de", "EN", "en\n"],
    "year": ["2026", "1989", "2101", "02026", "abc", "2026.0"],
    "q": ["register", "registre", "register operators", "r", "%", '"', "x" * 201, "\x00"],
    "page": ["1", "2", "0", "-1", "100001", "1.0", " 1"],
    "page_size": ["1", "2", "50", "100", "101", "0"],
    "cursor": [
        Cursor(PUBLISHED, datetime(2100, 1, 1, tzinfo=UTC), 2**31 - 1).encode(),  # before all
        Cursor(PUBLISHED, datetime(2000, 1, 1, tzinfo=UTC), 1).encode(),  # after all
        Cursor(UPDATED, datetime(2100, 1, 1, tzinfo=UTC), 5).encode(),  # another list's
        Cursor(PUBLISHED, datetime(2100, 1, 1, tzinfo=UTC), 2**31).encode(),
        "bm90IGEgY3Vyc29y",
        "%%%",
        "c" * 201,
    ],
    "unknown": ["1"],
}


@pytest.fixture(scope="module")
def database() -> Iterator[Database]:
    database = migrated("shortcut")
    seed(database)
    with database.transaction() as session:
        for index, (participant, language, norms) in enumerate(
            [
                ("DEU", "en", ["13g"]),
                ("DEU", "fr", ["13a", "13g"]),
                ("JPN", "en", ["13c"]),
                ("FRA", "fr", ["13g"]),
                ("FRA", "en", ["13g", "13k"]),
            ]
        ):
            make_submission(
                session,
                participant,
                Status.published,
                norms=norms,
                language=language,
                title=f"Registre national {index}" if language == "fr" else f"Register {index}",
                attribution="anonymised" if index == 2 else "attributed",
            )
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def clients(database: Database) -> Iterator[tuple[TestClient, TestClient]]:
    """The whole application twice on one database: with the shortcut, and with the route only."""
    configured = get_settings().model_copy(update={"database_url": database.url})
    shortcut, route_only = create_app(configured), create_app(configured)
    shortcut.dependency_overrides[current_settings] = lambda: configured

    def session() -> Iterator[Session]:  # what the shortcut does not look at: the route serves
        with database.session(write=False) as opened:
            yield opened

    route_only.dependency_overrides |= {current_settings: lambda: configured, get_session: session}
    with TestClient(shortcut) as fast, TestClient(route_only) as reference:
        yield fast, reference


def queries() -> st.SearchStrategy[list[tuple[str, str]]]:
    pair = st.sampled_from(sorted(VALUES)).flatmap(
        lambda name: st.tuples(st.just(name), st.sampled_from(VALUES[name]))
    )
    return st.lists(pair, max_size=4)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries(), revalidate=st.booleans())
def test_the_shortcut_answers_as_the_route_does(
    clients: tuple[TestClient, TestClient], query: list[tuple[str, str]], revalidate: bool
) -> None:
    fast, reference = clients
    url = "/api/v1/submissions?" + urlencode(query)
    expected = reference.get(url)
    headers = {}
    if revalidate and "etag" in expected.headers:
        headers["If-None-Match"] = expected.headers["etag"]
        expected = reference.get(url, headers=headers)
    answer = fast.get(url, headers=headers)
    assert answer.status_code == expected.status_code, url
    assert answer.content == expected.content, url
    for name in ("content-type", "etag", "cache-control", "vary"):
        assert answer.headers.get(name) == expected.headers.get(name), (url, name)


def test_a_list_is_answered_before_routing_and_anything_unusual_is_not(
    database: Database,
) -> None:
    reached: list[str] = []

    async def route(scope, receive, send):  # type: ignore[no-untyped-def]
        reached.append(scope["query_string"].decode())
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    client = TestClient(ListShortcut(route, api=FastAPI(), database=database))
    for query in ["norm=13g&page_size=2", "q=register&language=en", "status=published&year=2026"]:
        assert client.get(f"/api/v1/submissions?{query}").status_code == 200
    assert reached == []
    unusual = ["norm=13z", "page=0", "page_size=101", "year=1989", "language=de", "x=1", "norm="]
    for query in unusual:
        assert client.get(f"/api/v1/submissions?{query}").status_code == 299
    bearer = {"Authorization": "Bearer x"}
    assert client.get("/api/v1/submissions?page=1", headers=bearer).status_code == 299
    cookie = {"Cookie": "normbook_session=x"}
    assert client.get("/api/v1/submissions", headers=cookie).status_code == 299
    assert client.get("/api/v1/submissions?norm=13a&norm=13b").status_code == 200  # any of them
    assert client.get("/api/v1/submissions?page=1&page=2").status_code == 299
    assert len(reached) == len(unusual) + 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("norm=13(g)&page=2&page_size=5", (("13(g)",), 2, 5)),
        ("q=register&language=fr&year=2026", ((), 1, 20)),
        (f"norm=13g&cursor={VALUES['cursor'][0]}", (("13g",), 1, 20)),
        ("norm=13g&norm=13c&norm=13g", (("13c", "13g"), 1, 20)),
        (f"norm=13g&page=2&cursor={VALUES['cursor'][0]}", None),
        (f"q=register&cursor={VALUES['cursor'][0]}", None),
        (f"cursor={VALUES['cursor'][2]}", None),
        ("norm=", None),
        ("page=1.0", None),
        ("status=bogus", None),
    ],
)
def test_the_arguments_it_accepts(
    query: str, expected: tuple[tuple[str, ...], int, int] | None
) -> None:
    found = arguments_of(query.encode())
    if expected is None:
        assert found is None
    else:
        assert found is not None
        filters, page, page_size, cursor = found
        assert (filters.norm, page, page_size) == expected
        assert (cursor is not None) == ("cursor=" in query)


def test_a_current_copy_is_not_sent_again(clients: tuple[TestClient, TestClient]) -> None:
    fast, _ = clients
    first = fast.get("/api/v1/submissions?norm=13g")
    assert first.status_code == 200 and first.json()["total"] >= 4
    again = fast.get(
        "/api/v1/submissions?norm=13g", headers={"If-None-Match": first.headers["etag"]}
    )
    assert (again.status_code, again.content) == (304, b"")
    other = fast.get(
        "/api/v1/submissions?norm=13a", headers={"If-None-Match": first.headers["etag"]}
    )
    assert other.status_code == 200


def test_a_whole_answer_is_kept_until_the_public_data_changes(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked again at the same version, a list is answered from what was kept, on the version's
    one read; once anything public changes, it is made afresh."""
    client = TestClient(ListShortcut(route_unused, api=FastAPI(), database=database))
    url = "/api/v1/submissions?participant=DEU&page_size=50"
    first = client.get(url)
    assert first.status_code == 200

    def not_again(*_: object, **__: object) -> None:
        raise AssertionError("made again at the same version")

    with monkeypatch.context() as patched:
        patched.setattr(public_list, "_page", not_again)
        again = client.get(url)
        assert (again.content, again.headers["etag"]) == (first.content, first.headers["etag"])
        current = client.get(url, headers={"If-None-Match": first.headers["etag"]})
        assert (current.status_code, current.content) == (304, b"")
    with database.transaction() as session:
        make_submission(session, "DEU", Status.published, title="Registre des exercices")
    after = client.get(url)
    assert after.headers["etag"] != first.headers["etag"]
    assert after.json()["total"] == first.json()["total"] + 1
    assert after.json()["items"][0]["title"] == "Registre des exercices"


async def route_unused(scope, receive, send):  # type: ignore[no-untyped-def]
    raise AssertionError(f"left to the route: {scope['query_string']!r}")


def test_a_kept_answer_whose_practices_were_let_go_is_made_again(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = TestClient(ListShortcut(route_unused, api=FastAPI(), database=database))
    url = "/api/v1/submissions?norm=13g&page_size=3"
    first = client.get(url)
    made: list[object] = []
    page = public_list._page
    monkeypatch.setattr(public_list, "_page", lambda *args: made.append(args) or page(*args))
    with database.session(write=False) as session:
        current = public_version.read(session)
    other = public_version.Version(current.value - 1, current.token, current.changed_at)
    public_version.store(other, "practice json", "another version", b"")  # the shelf let go
    again = client.get(url)
    assert (again.content, again.headers["etag"]) == (first.content, first.headers["etag"])
    assert len(made) == 1
