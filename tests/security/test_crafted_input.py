"""Crafted cursors, If-Match values, form versions and bodies: a clear 4xx, never a 500."""

import base64
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions.models import Status
from tests.conftest import Account
from tests.factories import make_submission
from tests.web.test_workspace_pages import FORM, post


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


CURSORS = {
    "naive moment": _cursor("p|2026-01-01T10:00:00|5"),
    "year one, ahead of UTC": _cursor("p|0001-01-01T00:00:00+05:00|5"),
    "year 9999, behind UTC": _cursor("p|9999-12-31T23:59:59-05:00|5"),
    "5,000-digit id": _cursor("p|2026-01-01T10:00:00+00:00|" + "9" * 5000),
    "non-ASCII digits": _cursor("p|2026-01-01T10:00:00+00:00|٣"),
}


@pytest.mark.parametrize("name", CURSORS)
def test_a_crafted_cursor_is_a_field_error(client: TestClient, name: str) -> None:
    response = client.get("/api/v1/submissions", params={"cursor": CURSORS[name]})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


IF_MATCH = ['"{id}.' + "9" * 5000 + '"', '"{id}.²"', '"{id}.٣"', '"{id}.99999999999999999999"']


@pytest.mark.parametrize("value", IF_MATCH)
def test_a_crafted_if_match_is_412(
    client: TestClient, session: Session, delegation: Callable[[str], Account], value: str
) -> None:
    item = make_submission(session, "FRA", Status.draft)
    session.commit()
    response = client.patch(
        f"/api/v1/submissions/{item.id}",
        json={"title": "Renamed"},
        headers={**delegation("FRA").headers, "If-Match": value.format(id=item.id).encode()},
    )
    assert response.status_code == 412, response.text


@pytest.mark.parametrize("version", ["²", "9" * 5000, "99999999999999999999", "-1", "٣"])
def test_a_crafted_form_version_is_a_conflict(
    client: TestClient,
    session: Session,
    delegation: Callable[[str], Account],
    login: Callable[[Account], TestClient],
    version: str,
) -> None:
    item = make_submission(session, "FRA", Status.draft, title="Kept title")
    session.commit()
    login(delegation("FRA"))
    page = f"/workspace/practices/{item.id}/edit"
    response = post(client, page, page, {**FORM, "title": "Renamed", "version": version})
    assert response.status_code == 409, response.text[:300]
    assert "Kept title" in client.get(f"/practices/{item.id}").text


@pytest.mark.parametrize("length", ["²", "9" * 5000])
def test_a_crafted_content_length_is_413(client: TestClient, length: str) -> None:
    response = client.post(
        "/api/v1/auth/token", content=b"username=a", headers={"content-length": length.encode()}
    )
    assert response.status_code in {400, 413}
