"""A practice's public page is never served with what it showed before a change it depends on."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions.models import Status
from tests.conftest import Account
from tests.factories import make_submission


def test_a_practice_page_shows_a_norm_title_edited_after_it_was_kept(
    client: TestClient, session: Session, presidency: Callable[[], Account]
) -> None:
    practice = make_submission(session, "FRA", Status.published, norms=["13g"])
    page = f"/practices/{practice.id}"
    assert client.get(page).status_code == 200  # kept now
    edited = client.patch(
        "/api/v1/norms/13g",
        json={"title_en": "Protect critical infrastructure, revised"},
        headers=presidency().headers,
    )
    assert edited.status_code == 200
    assert "Protect critical infrastructure, revised" in client.get(page).text
