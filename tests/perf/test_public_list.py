"""Anonymous JSON lists reuse each practice's serialised form, and never serve a stale one."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions import workflow
from submissions.models import Status
from submissions.schemas import SubmissionUpdate
from tests.factories import PRESIDENCY, delegation_actor, make_submission


def test_anonymous_list_items_are_the_practices_read_shape(
    client: TestClient, session: Session
) -> None:
    for attribution in ("attributed", "anonymised", "attributed"):
        make_submission(session, "DEU", Status.published, attribution=attribution)
    session.commit()
    page = client.get("/api/v1/submissions", params={"norm": "13g", "page_size": 2}).json()
    assert page["total"] >= 3
    assert (page["page"], page["page_size"], len(page["items"])) == (1, 2, 2)
    for item in page["items"]:
        assert item == client.get(f"/api/v1/submissions/{item['id']}").json()


def test_anonymous_list_shows_a_newly_published_revision_at_once(
    client: TestClient, session: Session
) -> None:
    practice = make_submission(session, "DEU", Status.published, title="The first title")
    session.commit()
    assert practice.id is not None
    listed = client.get("/api/v1/submissions", params={"participant": "DEU"}).json()
    assert "The first title" in [item["title"] for item in listed["items"]]
    author = delegation_actor("DEU")
    edit = SubmissionUpdate(title="The second title")
    workflow.update_content(session, author, practice.id, edit, practice.version)
    workflow.submit(session, author, practice.id)
    workflow.publish(session, PRESIDENCY, practice.id)
    session.commit()
    titles = [
        item["title"]
        for item in client.get("/api/v1/submissions", params={"participant": "DEU"}).json()["items"]
    ]
    assert "The second title" in titles
    assert "The first title" not in titles


def test_anonymous_list_total_follows_a_withdrawal(client: TestClient, session: Session) -> None:
    made = [make_submission(session, "JPN", Status.published) for _ in range(3)]
    session.commit()
    before = client.get("/api/v1/submissions", params={"participant": "JPN"}).json()["total"]
    assert made[0].id is not None
    workflow.withdraw(session, delegation_actor("JPN"), made[0].id)
    session.commit()
    after = client.get("/api/v1/submissions", params={"participant": "JPN"}).json()["total"]
    assert after == before - 1
