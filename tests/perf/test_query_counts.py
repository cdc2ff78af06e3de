"""A list or a page costs the same number of queries whether it shows one practice or many."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions.models import Status
from tests.factories import make_submission

PAGES = [
    "/",
    "/participants",
    "/api/v1/submissions?norm=13g&page_size=50",
    "/api/v1/submissions?q=register",
    "/norms/13g",
    "/search?q=register",
    "/search?norm=13g",
    "/coverage",
    "/participants/DEU",
]


def publish(session: Session, count: int, participant: str = "DEU") -> list[int]:
    made = [
        make_submission(session, participant, Status.published, attribution=attribution)
        for attribution in (["attributed", "anonymised"] * count)[:count]
    ]
    session.commit()
    return [s.id for s in made if s.id is not None]


def queries(client: TestClient, statements: Callable, path: str) -> int:  # type: ignore[type-arg]
    """Statements for a request, once per-process caches and the test session are warm."""
    client.get(path)
    with statements() as seen:
        response = client.get(path)
    assert response.status_code == 200, path
    return seen.count


@pytest.mark.parametrize("path", PAGES)
def test_public_page_queries_do_not_grow_with_its_rows(
    client: TestClient,
    session: Session,
    statements: Callable,
    path: str,  # type: ignore[type-arg]
) -> None:
    publish(session, 1)
    few = queries(client, statements, path)
    publish(session, 12)
    many = queries(client, statements, path)
    assert many == few, f"{path}: {few} queries for one practice, {many} for thirteen"


def test_practice_page_and_api_read_cost_a_fixed_handful_of_queries(
    client: TestClient,
    session: Session,
    statements: Callable,  # type: ignore[type-arg]
) -> None:
    [practice] = publish(session, 1)
    assert queries(client, statements, f"/api/v1/submissions/{practice}") <= 4
    assert queries(client, statements, f"/practices/{practice}") <= 12


def test_delegation_list_queries_do_not_grow_with_its_drafts(
    client: TestClient,
    session: Session,
    statements: Callable,
    delegation: Callable,  # type: ignore[type-arg]
) -> None:
    headers = delegation("DEU").headers
    make_submission(session, "DEU")
    session.commit()
    with statements() as few:
        assert client.get("/api/v1/submissions", headers=headers).status_code == 200
    for _ in range(10):
        make_submission(session, "DEU")
    session.commit()
    with statements() as many:
        assert client.get("/api/v1/submissions", headers=headers).status_code == 200
    assert many.count == few.count
