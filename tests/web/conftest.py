"""Web page helpers: reading the CSRF token off a page and logging in through the form."""

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.conftest import PASSWORD, Account

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_form(client: TestClient, page: str, action: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    """Load a page, then post one of its forms with that page's CSRF token."""
    token = csrf_of(client.get(page).text)
    return client.post(action, data={"csrf_token": token, **data}, follow_redirects=False)


@pytest.fixture
def login(client: TestClient) -> Callable[[Account], TestClient]:
    def log_in(account: Account) -> TestClient:
        response = post_form(
            client, "/login", "/login", {"email": account.email, "password": PASSWORD}
        )
        assert response.status_code == 303, response.text
        return client

    return log_in
