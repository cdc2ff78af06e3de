"""A public page is rendered once per public-data version, language and address for every
anonymous reader, and sent again as it was; a change the public can see renders it afresh, and a
page holding something of a visitor's own is never kept."""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session
from starlette.requests import Request

from api.deps import public_version_reader
from submissions import public_version
from submissions.models import Status
from tests.factories import make_submission
from web import caching, templating
from web.deps import View
from web.i18n import Lang


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the whole pages rendered (fragments are rendered apart and not counted)."""
    made: list[str] = []
    render = templating.render

    def counted(template: str, context: dict[str, Any]) -> str:
        if "request" in context:
            made.append(template)
        return render(template, context)

    monkeypatch.setattr(templating, "render", counted)
    return made


def test_a_public_page_is_rendered_once_per_version_and_language(
    client: TestClient, session: Session, renders: list[str]
) -> None:
    make_submission(session, "FRA", Status.published, norms=["13g"], title="First kept practice")
    first = client.get("/search?norm=13g")
    again = client.get("/search?norm=13g")
    assert renders == ["search/results.html"]
    assert again.content == first.content and "First kept practice" in again.text
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Language"] == "en"

    french = client.get("/search?norm=13g", headers={"Accept-Language": "fr"})
    assert renders == ["search/results.html"] * 2  # another language, another page
    assert french.headers["Content-Language"] == "fr" and french.content != first.content

    make_submission(session, "DEU", Status.published, norms=["13g"], title="Second practice")
    after = client.get("/search?norm=13g")
    assert renders == ["search/results.html"] * 3  # the public data changed: rendered again
    assert "Second practice" in after.text and after.headers["ETag"] != first.headers["ETag"]


def test_a_member_never_gets_the_kept_page(
    client: TestClient, session: Session, renders: list[str], login: Any, delegation: Any
) -> None:
    make_submission(session, "FRA", Status.published, norms=["13g"])
    client.get("/search?norm=13g")
    login(delegation("FRA"))
    member = client.get("/search?norm=13g")
    assert renders.count("search/results.html") == 2
    assert "Log out" in member.text


def test_a_page_holding_a_visitors_token_is_never_kept(session: Session) -> None:
    version = public_version.read(session)
    scope = {"type": "http", "method": "GET", "path": "/login", "query_string": b""}
    request = Request(scope | {"headers": [], "session": {}, "state": {}})
    request.state.page = caching.Page(version, "en|/login?")
    View(request, Lang.en).render("account/login.html", next="", email="")
    assert public_version.known(version, "page html", "en|/login?") is None

    shown = View(request, Lang.en).render("errors/404.html", status_code=200)
    assert public_version.known(version, "page html", "en|/login?") == shown.body


def test_only_an_anonymous_reader_reads_the_version(
    app: FastAPI, client: TestClient, session: Session, login: Any, delegation: Any
) -> None:
    reads: list[str] = []

    async def counted() -> public_version.Version:
        reads.append("read")
        return public_version.read(session)

    app.dependency_overrides[public_version_reader] = lambda: counted
    client.get("/search?norm=13g")
    assert reads == ["read"]
    login(delegation("FRA"))
    assert client.get("/search?norm=13g").status_code == 200
    assert reads == ["read"]  # a member's page is never kept: nothing to read it for
