"""The audit log: the presidency reads it through the API and its page, and nothing changes it.

That every successful write adds an entry, and that delegations and visitors cannot read the log,
is checked route by route in test_permissions.py."""

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from submissions import audit
from submissions.models import AuditEntry
from tests.conftest import Account
from tests.factories import PRESIDENCY, practice_data
from tests.security.test_permissions import app_routes


def test_presidency_reads_a_new_write_in_the_api_and_on_the_page(
    client: TestClient,
    delegation: Callable[[str], Account],
    presidency: Callable[[], Account],
    login: Callable[[Account], TestClient],
) -> None:
    fra, chair = delegation("FRA"), presidency()
    created = client.post("/api/v1/submissions", json=practice_data(), headers=fra.headers).json()
    log = client.get("/api/v1/audit?entity=submission", headers=chair.headers).json()
    newest = log["items"][0]
    assert (newest["action"], newest["entity_id"]) == ("create", str(created["id"]))
    assert newest["actor_id"] == fra.actor.user_id and newest["participant_code"] == "FRA"
    login(chair)
    page = client.get("/admin/audit")
    assert page.status_code == 200 and f"{created['id']}" in page.text


def test_no_route_writes_to_the_audit_log(app: FastAPI) -> None:
    audit_routes = {(m, p) for m, p in app_routes(app) if "audit" in p}
    assert audit_routes == {("GET", "/api/v1/audit"), ("GET", "/admin/audit")}


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET action = 'forged' WHERE id = :id",
        "DELETE FROM audit_entry WHERE id = :id",
    ],
    ids=["update", "delete"],
)
def test_the_database_refuses_to_change_or_remove_entries(session: Session, statement: str) -> None:
    entry = audit.record(session, PRESIDENCY, "create", "submission", 1)
    session.flush()
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(text(statement), {"id": entry.id})
    assert (
        session.exec(select(AuditEntry.action).where(AuditEntry.id == entry.id)).one() == "create"
    )
