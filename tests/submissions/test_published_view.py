"""What the public sees of a practice comes from its published revision alone: a delegation editing
it (moving its draft to another cycle, too) changes nothing the public can see until publication."""

from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions.models import Cycle, Status
from tests.conftest import Account
from tests.factories import make_submission


@pytest.fixture
def edited(session: Session, client: TestClient, delegation: Callable[[str], Account]) -> dict:
    for code in ("view-a", "view-b"):
        session.add(
            Cycle(
                code=code,
                title_en=code,
                title_fr=code,
                presiding_code="FRA",
                opens_on=date(2026, 1, 1),
                closes_on=date(2026, 12, 31),
            )
        )
    session.flush()
    practice = make_submission(session, "FRA", Status.published, title="Published title")
    session.commit()
    path, fra = f"/api/v1/submissions/{practice.id}", delegation("FRA").headers
    tag = client.get(path, headers=fra).headers["etag"]
    moved = client.patch(path, json={"cycle": "view-a"}, headers={**fra, "If-Match": tag})
    assert moved.status_code == 200, moved.text
    assert client.post(f"{path}/submit", headers=fra).is_success
    return {"id": practice.id, "path": path}


def _publish(client: TestClient, path: str, presidency: Account) -> None:
    assert client.post(f"{path}/publish", headers=presidency.headers).is_success


def test_the_public_sees_the_published_revision_only(
    client: TestClient,
    session: Session,
    delegation: Callable[[str], Account],
    presidency: Callable[[], Account],
    edited: dict,
) -> None:
    path, id = edited["path"], edited["id"]
    _publish(client, path, presidency())
    before = client.get(path)
    assert before.json()["cycle"] == "view-a"
    fra = delegation("FRA").headers
    tag = client.get(path, headers=fra).headers["etag"]
    draft = client.patch(
        path,
        json={"cycle": "view-b", "title": "Draft title"},
        headers={**fra, "If-Match": tag},
    )
    assert draft.status_code == 200, draft.text

    after = client.get(path)
    public = after.json()
    assert (public["cycle"], public["status"], public["title"]) == (
        "view-a",
        "published",
        "Published title",
    )
    assert public["version"] == before.json()["version"]
    assert after.headers["etag"] == before.headers["etag"]

    def listed(params: dict, headers: dict | None = None) -> set[int]:
        page = client.get(
            "/api/v1/submissions", params={**params, "page_size": 100}, headers=headers
        )
        assert page.status_code == 200, page.text
        return {item["id"] for item in page.json()["items"]}

    for reader in (None, delegation("DEU").headers):
        assert id in listed({"status": "published"}, reader)
        assert id not in listed({"status": "draft"}, reader)
        assert id in listed({"cycle": "view-a"}, reader)
        assert id not in listed({"cycle": "view-b"}, reader)
    # its owner sees its working copy: a draft of the other cycle
    own = client.get(path, headers=fra).json()
    assert (own["status"], own["cycle"], own["title"]) == ("draft", "view-b", "Draft title")
    assert id in listed({"status": "draft"}, fra) and id not in listed({"status": "published"}, fra)
    assert id in listed({"cycle": "view-b"}, fra)

    csv = client.get("/export/submissions.csv").text
    (line,) = [row for row in csv.splitlines() if row.startswith(f"{id},")]
    assert "view-a" in line and "view-b" not in line and "Draft title" not in line
    exported = client.get("/export/submissions.json").json()["items"]
    (item,) = [i for i in exported if i["id"] == id]
    assert item["cycle"] == "view-a"

    # once published, the public sees the new revision and its cycle
    assert client.post(f"{path}/submit", headers=fra).is_success
    _publish(client, path, presidency())
    assert client.get(path).json()["cycle"] == "view-b"
    assert id in listed({"cycle": "view-b"})
