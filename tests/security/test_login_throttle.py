"""The login throttle: kept in the database, one counter per account and one per client address,
shared by the web and API logins and by every app on the database; forwarded headers believed from
the configured proxies only; bounded."""

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlmodel import Session

from api import accounts, throttle
from api.app import create_app
from api.deps import current_settings
from api.settings import Settings, get_settings
from api.throttle import LoginThrottle
from norms.models import utcnow
from tests.conftest import PASSWORD
from tests.databases import migrated
from tests.web.conftest import post_form

WRONG = "wrong-password-1"


def _api(client: TestClient, email: str, password: str = WRONG) -> int:
    response = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    return response.status_code


def _web(client: TestClient, email: str, password: str = WRONG) -> int:
    return post_form(client, "/login", "/login", {"email": email, "password": password}).status_code


def _rows(session: Session) -> int:
    return session.execute(select(func.count()).select_from(LoginThrottle)).scalar_one()


def test_web_and_api_logins_share_one_counter_per_account(
    client: TestClient, session: Session
) -> None:
    email = "shared-counter@test.normbook.org"
    accounts.create_user(session, email, PASSWORD, "delegation", "ITA")
    session.commit()
    statuses = [_web(client, email) for _ in range(3)] + [_api(client, email) for _ in range(2)]
    assert statuses == [400, 400, 400, 401, 401]
    assert _api(client, email, PASSWORD) == 429
    assert _web(client, email, PASSWORD) == 429


def _client_at(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, base_url="http://testserver", client=(address, 50000))


def test_an_account_is_throttled_whatever_address_guesses(app: FastAPI) -> None:
    email = "many-addresses@test.normbook.org"
    statuses = [_api(_client_at(app, f"192.0.2.{n}"), email) for n in range(1, 7)]
    assert statuses == [401] * 5 + [429]


def test_an_address_is_throttled_whatever_account_it_guesses(client: TestClient) -> None:
    limit = get_settings().login_address_attempts
    statuses = [_api(client, f"user{n}@test.normbook.org") for n in range(limit + 1)]
    assert statuses == [401] * limit + [429]


def test_a_success_clears_the_account_and_spends_no_address_guess(
    client: TestClient, session: Session
) -> None:
    email = "comes-back@test.normbook.org"
    accounts.create_user(session, email, PASSWORD, "delegation", "ITA")
    session.commit()
    assert [_api(client, email) for _ in range(4)] == [401] * 4
    assert _api(client, email, PASSWORD) == 200
    assert [_api(client, email) for _ in range(5)] == [401] * 5
    keys = throttle.guess("testclient", email)
    failures = dict(session.execute(select(LoginThrottle.key, LoginThrottle.failures)).all())  # type: ignore[call-overload]
    assert failures[keys.account] == 5 and failures[keys.address] == 9


def test_long_usernames_are_refused_and_the_state_stays_bounded(
    client: TestClient, session: Session
) -> None:
    response = client.post(
        "/api/v1/auth/token", data={"username": "x" * 900_000, "password": WRONG}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "username"]
    before = _rows(session)
    limit = get_settings().login_address_attempts
    for n in range(limit + 30):  # distinct accounts, each as long as a login allows
        _api(client, f"{n:04d}" + "y" * 316)
    # one row for the address, one per account it was allowed to guess, none beyond
    assert _rows(session) - before == limit + 1
    widths = session.execute(select(func.max(func.length(LoginThrottle.key)))).scalar_one()
    assert widths == 64


def test_failures_of_a_passed_window_are_forgotten(client: TestClient, session: Session) -> None:
    email = "patient@test.normbook.org"
    assert [_api(client, email) for _ in range(6)] == [401] * 5 + [429]
    window = timedelta(seconds=get_settings().login_window_seconds + 1)
    session.execute(update(LoginThrottle).values(window_start=utcnow() - window))
    session.commit()
    assert _api(client, email) == 401
    keys = throttle.guess("testclient", email)
    assert session.get(LoginThrottle, keys.account).failures == 1  # type: ignore[union-attr]
    assert _rows(session) == 2  # the expired rows of other keys went too


@pytest.fixture
def behind_proxy(app: FastAPI) -> FastAPI:
    settings = Settings(**{**get_settings().model_dump(), "trusted_proxies": "10.0.0.1"})
    proxied = create_app(settings)
    proxied.dependency_overrides = {**app.dependency_overrides, current_settings: lambda: settings}
    return proxied


def _guessed_from(session: Session, address: str, email: str) -> bool:
    return session.get(LoginThrottle, throttle.guess(address, email).address) is not None


def test_forwarded_for_is_believed_from_a_trusted_proxy_only(
    behind_proxy: FastAPI, app: FastAPI, session: Session
) -> None:
    forged = {"X-Forwarded-For": "203.0.113.9"}
    email = "proxied@test.normbook.org"
    data = {"username": email, "password": WRONG}
    _client_at(behind_proxy, "10.0.0.1").post("/api/v1/auth/token", data=data, headers=forged)
    assert _guessed_from(session, "203.0.113.9", email)
    _client_at(behind_proxy, "198.51.100.7").post("/api/v1/auth/token", data=data, headers=forged)
    assert _guessed_from(session, "198.51.100.7", email)
    # without configured proxies, no forwarded header is believed, even from a local address
    _client_at(app, "127.0.0.1").post(
        "/api/v1/auth/token", data=data, headers={"X-Forwarded-For": "203.0.113.77"}
    )
    assert _guessed_from(session, "127.0.0.1", email)
    assert not _guessed_from(session, "203.0.113.77", email)


def test_two_apps_on_one_database_count_together() -> None:
    database = migrated("throttle")
    settings = Settings(**{**get_settings().model_dump(), "database_url": database.url})
    apps = [create_app(settings) for _ in range(2)]
    for one in apps:
        one.dependency_overrides[current_settings] = lambda: settings
    try:
        clients = [TestClient(one, base_url="http://testserver") for one in apps]
        email = "two-instances@test.normbook.org"
        statuses = [_api(clients[n % 2], email) for n in range(6)]
        assert statuses == [401] * 5 + [429]
    finally:
        database.dispose()
