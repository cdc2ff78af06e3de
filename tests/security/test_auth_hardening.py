"""Passwords, tokens, sessions, CSRF, headers, enumeration and throttling, beyond what the API and
web tests already cover."""

import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text, update
from sqlmodel import Session, col, select

from api import accounts, throttle
from norms.models import utcnow
from submissions.models import ApiToken, User
from tests.conftest import PASSWORD, Account
from tests.factories import PRESIDENCY as PRESIDENCY_ACTOR
from tests.security.matrix import ACTORS, LOGIN, ROWS, STATES, Cell
from tests.security.test_permissions import (
    ACCOUNTS,
    ANONYMOUS,
    MACHINE,
    World,
    log_in,
    make_objects,
    send,
)
from tests.web.conftest import csrf_of, post_form
from web.sessions import COOKIE

Login = Callable[[Account], TestClient]
FINGERPRINT = text(
    "SELECT (SELECT count(*) FROM audit_entry), (SELECT count(*) FROM api_token),"
    " (SELECT count(revoked_at) FROM api_token), (SELECT count(*) FROM revision),"
    " (SELECT coalesce(sum(version), 0) FROM submission), (SELECT count(*) FROM app_user),"
    " (SELECT count(*) FROM synthesis)"
)


def test_passwords_are_stored_as_argon2id(
    session: Session, accounts_by_key: dict[str, Account]
) -> None:
    hashes = session.exec(select(User.password_hash)).all()
    assert len(hashes) >= len(accounts_by_key)
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert PASSWORD not in " ".join(hashes)


def test_api_tokens_are_stored_only_as_digests(
    client: TestClient, session: Session, delegation: Callable[[str], Account]
) -> None:
    form = {"username": delegation("FRA").email, "password": PASSWORD}
    raw = client.post("/api/v1/auth/token", data=form).json()["access_token"]
    for table in ("api_token", "app_user", "audit_entry"):
        rows = session.connection().execute(text(f"SELECT * FROM {table}")).all()
        assert all(raw not in str(row) for row in rows), f"the raw token is in {table}"
    stored = session.exec(select(ApiToken).where(ApiToken.token_hash == accounts.digest(raw)))
    assert stored.one().revoked_at is None


def test_expired_token_is_refused(
    client: TestClient, session: Session, delegation: Callable[[str], Account]
) -> None:
    user = session.exec(select(User).where(User.email == delegation("FRA").email)).one()
    raw, record = accounts.issue_token(session, user, 60)
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/submissions", headers=headers).status_code == 200
    record.expires_at = utcnow() - timedelta(seconds=1)
    session.add(record)
    session.commit()
    assert client.get("/api/v1/submissions", headers=headers).status_code == 401


def _expire_sessions(session: Session, user_id: int) -> None:
    past = utcnow() - timedelta(seconds=1)
    session.execute(
        update(ApiToken).where(col(ApiToken.user_id) == user_id).values(expires_at=past)
    )
    session.commit()


def _deactivate(session: Session, user_id: int) -> None:
    accounts.set_active(session, PRESIDENCY_ACTOR, user_id, False)
    session.commit()


@pytest.mark.parametrize("end", [_expire_sessions, _deactivate], ids=["expired", "deactivated"])
def test_web_session_dies_with_its_token_or_its_user(
    client: TestClient,
    session: Session,
    delegation: Callable[[str], Account],
    login: Login,
    end: Callable[[Session, int], None],
) -> None:
    fra = delegation("FRA")
    login(fra)
    assert client.get("/workspace", follow_redirects=False).status_code == 200
    api = client.get("/api/v1/submissions", headers=fra.headers)
    assert api.status_code == 200
    end(session, fra.actor.user_id or 0)
    refused = client.get("/workspace", follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
    if end is _deactivate:
        assert client.get("/api/v1/submissions", headers=fra.headers).status_code == 401


def test_login_starts_a_new_session_and_the_old_one_stays_anonymous(
    client: TestClient, delegation: Callable[[str], Account]
) -> None:
    page = client.get("/login")
    before, old_csrf = client.cookies[COOKIE], csrf_of(page.text)
    form = {"csrf_token": old_csrf, "email": delegation("FRA").email, "password": PASSWORD}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    after = client.cookies[COOKIE]
    assert after != before
    assert client.post("/logout", data={"csrf_token": old_csrf}).status_code == 403
    client.cookies.clear()
    client.cookies.set(COOKIE, before)
    stale = client.get("/workspace", follow_redirects=False)
    assert stale.status_code == 303 and stale.headers["location"].startswith("/login")


def test_every_web_form_refuses_a_post_without_its_csrf_token(
    app: FastAPI, client: TestClient, session: Session, accounts_by_key: dict[str, Account]
) -> None:
    """For each POST page route, as an actor the matrix lets through: refused, nothing written."""
    world = World()
    make_objects(session, world)
    log_in(client, world, ANONYMOUS, None)
    for actor, key in ACCOUNTS.items():
        log_in(client, world, actor, accounts_by_key[key])
    connection = session.get_bind()
    assert isinstance(connection, Connection)
    forms = [r for r in ROWS if r.method == "POST" and not r.path.startswith(MACHINE)]
    assert len(forms) >= 10
    for row in forms:
        cells = [
            Cell(actor, state, world.ids.get(row.kind or "", {}).get(state, 0), point=world.point)
            for state in STATES.get(row.kind or "", ("-",))
            for actor in ACTORS
            if row.expect(actor, state) not in {LOGIN, 403, 404, 409}
        ]
        assert cells, f"{row.path}: no actor may use this form"
        cell = cells[-1]
        savepoint = connection.begin_nested()
        try:
            before = connection.execute(FINGERPRINT).one()
            response = send(client, world, row, cell, csrf=False)
            after = connection.execute(FINGERPRINT).one()
        finally:
            session.rollback()
            savepoint.rollback()
            session.expire_all()
        assert response.status_code == 403, f"{row.path} as {cell.actor}: {response.status_code}"
        assert before == after, f"{row.path}: a refused form wrote something"


@pytest.mark.parametrize(
    "path", ["/", "/norms/13a", "/no-such-page", "/api/v1/norms", "/api/v1/submissions/999999"]
)
def test_security_headers_on_pages_and_json(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = {
        part.split()[0]: part.split()[1:] for part in headers["content-security-policy"].split(";")
    }
    assert (
        "'unsafe-inline'" not in policy["script-src"]
        and "'unsafe-eval'" not in policy["script-src"]
    )
    assert policy["object-src"] == ["'none'"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in {
        "no-referrer",
        "strict-origin-when-cross-origin",
        "same-origin",
    }
    assert headers["x-frame-options"] == "DENY" or policy.get("frame-ancestors") == ["'none'"]


def _attempt(client: TestClient, where: str, email: str, password: str) -> tuple[int, str, float]:
    started = time.perf_counter()
    if where == "api":
        response = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    else:
        response = post_form(client, "/login", "/login", {"email": email, "password": password})
    elapsed = time.perf_counter() - started
    return response.status_code, response.text.replace(email, "EMAIL"), elapsed


def _clear_throttles(session: Session, email: str) -> None:
    throttle.clear(session, throttle.guess("testclient", email))
    session.commit()


@pytest.mark.parametrize("where", ["api", "web"])
def test_unknown_email_and_wrong_password_look_and_take_the_same(
    client: TestClient, session: Session, delegation: Callable[[str], Account], where: str
) -> None:
    known = delegation("DEU").email
    times: dict[str, list[float]] = {"unknown": [], "wrong": []}
    answers: dict[str, set[tuple[int, str]]] = {"unknown": set(), "wrong": set()}
    for attempt in range(8):  # interleaved, so that machine load affects both alike
        for kind, email in (("unknown", f"nobody{attempt}@test.normbook.org"), ("wrong", known)):
            status, body, elapsed = _attempt(client, where, email, "wrong-password-1")
            _clear_throttles(session, email)
            times[kind].append(elapsed)
            answers[kind].add((status, body if where == "api" else str("Wrong e-mail" in body)))
    assert answers["unknown"] == answers["wrong"] and len(answers["wrong"]) == 1
    ratio = (sum(times["unknown"]) / 8) / (sum(times["wrong"]) / 8)
    print(f"{where}: unknown e-mail takes {ratio:.2f}x the time of a wrong password")
    assert 0.5 <= ratio <= 2.0


@pytest.mark.parametrize("where", ["api", "web"])
def test_throttled_login_refuses_even_the_right_password(
    client: TestClient, session: Session, where: str
) -> None:
    email = f"throttle-{where}@test.normbook.org"
    accounts.create_user(session, email, PASSWORD, "delegation", "ITA")
    session.commit()
    try:
        failures = [_attempt(client, where, email, "wrong-password-1")[0] for _ in range(5)]
        assert failures == [401 if where == "api" else 400] * 5
        status, _, _ = _attempt(client, where, email, PASSWORD)
        assert status == 429
    finally:
        _clear_throttles(session, email)
