"""Keyset pages: following `next_cursor` walks the same list as page numbers, ties included."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions.models import Status
from tests.conftest import Account
from tests.factories import make_submission

URL = "/api/v1/submissions"


def _walk(client: TestClient, params: dict[str, Any], headers: dict[str, str]) -> list[int]:
    """Every id, following cursors from the first page to the page that has none."""
    seen: list[int] = []
    page = client.get(URL, params=params, headers=headers).json()
    total = page["total"]
    for _ in range(50):
        seen += [item["id"] for item in page["items"]]
        assert page["total"] == total
        if page["next_cursor"] is None:
            return seen
        after = params | {"cursor": page["next_cursor"]}
        page = client.get(URL, params=after, headers=headers).json()
    raise AssertionError("the cursors never reached a last page")


def _numbered(client: TestClient, params: dict[str, Any], headers: dict[str, str]) -> list[int]:
    whole = client.get(URL, params=params | {"page_size": 100}, headers=headers).json()
    return [item["id"] for item in whole["items"]]


@pytest.mark.parametrize("size", [1, 2, 3])
def test_cursors_walk_the_public_list(client: TestClient, session: Session, size: int) -> None:
    made = [make_submission(session, "DEU", Status.published) for _ in range(5)]
    make_submission(session, "DEU", Status.draft)
    # Equal publication moments: the id decides, the cursor must not skip or repeat either.
    made[1].published_at = made[2].published_at = made[3].published_at
    session.add_all(made)
    session.commit()
    params = {"participant": "DEU", "page_size": size}
    walked = _walk(client, params, {})
    assert walked == _numbered(client, {"participant": "DEU"}, {})
    assert sorted(walked) == sorted(s.id for s in made)


def test_cursors_walk_a_delegations_own_list(
    client: TestClient, session: Session, delegation: Any
) -> None:
    own: Account = delegation("JPN")
    made = [make_submission(session, "JPN", status) for status in Status]
    session.commit()
    params = {"participant": "JPN", "page_size": 2}
    walked = _walk(client, params, own.headers)
    assert walked == _numbered(client, {"participant": "JPN"}, own.headers)
    assert sorted(walked) == sorted(s.id for s in made)  # drafts included: they are its own


def test_the_last_page_has_no_cursor(client: TestClient, session: Session) -> None:
    for _ in range(2):
        make_submission(session, "CAN", Status.published)
    session.commit()
    page = client.get(URL, params={"participant": "CAN", "page_size": 2}).json()
    assert len(page["items"]) == 2
    assert page["next_cursor"] is None
    shorter = client.get(URL, params={"participant": "CAN", "page_size": 1}).json()
    assert shorter["next_cursor"] is not None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "bm90IGEgY3Vyc29y"}, "cursor"),
        ({"cursor": "%%%"}, "cursor"),
        ({"q": "register", "cursor": "first"}, "cursor"),
        ({"page": 2, "cursor": "first"}, "page"),
    ],
)
def test_bad_cursors_are_field_errors(
    client: TestClient, session: Session, params: dict[str, Any], field: str
) -> None:
    for _ in range(2):
        make_submission(session, "GBR", Status.published)
    session.commit()
    if params["cursor"] == "first":
        first = client.get(URL, params={"page_size": 1}).json()
        params = params | {"cursor": first["next_cursor"]}
    response = client.get(URL, params=params)
    assert response.status_code == 422, response.text
    assert [error["loc"] for error in response.json()["detail"]] == [["query", field]]


def test_a_cursor_belongs_to_its_kind_of_list(
    client: TestClient, session: Session, delegation: Any
) -> None:
    for _ in range(2):
        make_submission(session, "JPN", Status.published)
    session.commit()
    public = client.get(URL, params={"page_size": 1}).json()["next_cursor"]
    response = client.get(URL, params={"cursor": public}, headers=delegation("JPN").headers)
    assert response.status_code == 422
    assert "cursor" in response.text
