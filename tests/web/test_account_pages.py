from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.conftest import PASSWORD, Account
from tests.web.conftest import csrf_of, post_form
from web.sessions import COOKIE

Delegation = Callable[[str], Account]
Presidency = Callable[[], Account]


def test_login_page_has_a_labelled_form_with_csrf(client: TestClient) -> None:
    response = client.get("/login")
    assert response.status_code == 200
    assert '<label for="email">' in response.text and '<label for="password">' in response.text
    assert csrf_of(response.text)
    cookie = response.headers["set-cookie"]
    assert COOKIE in cookie and "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()


def test_delegation_logs_in_and_lands_on_its_workspace(
    client: TestClient, delegation: Delegation
) -> None:
    fra = delegation("FRA")
    before = client.get("/login").cookies.get(COOKIE)
    response = post_form(client, "/login", "/login", {"email": fra.email, "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["location"] == "/workspace"
    assert response.cookies.get(COOKIE) not in {None, before}


def test_login_without_csrf_token_is_refused(client: TestClient, delegation: Delegation) -> None:
    client.get("/login")
    response = client.post("/login", data={"email": delegation("FRA").email, "password": PASSWORD})
    assert response.status_code == 403
    assert "Log out" not in response.text


def test_login_with_a_forged_csrf_token_is_refused(
    client: TestClient, delegation: Delegation
) -> None:
    client.get("/login")
    response = client.post(
        "/login",
        data={"csrf_token": "forged", "email": delegation("FRA").email, "password": PASSWORD},
    )
    assert response.status_code == 403


def test_wrong_password_and_unknown_email_get_the_same_generic_error(
    client: TestClient, delegation: Delegation
) -> None:
    wrong = post_form(
        client, "/login", "/login", {"email": delegation("DEU").email, "password": "nope-nope-1"}
    )
    unknown = post_form(
        client, "/login", "/login", {"email": "nobody@test.normbook.org", "password": "x" * 12}
    )
    assert wrong.status_code == unknown.status_code == 400
    assert "Wrong e-mail or password." in wrong.text and "Wrong e-mail or password." in unknown.text


def test_repeated_failures_are_throttled(client: TestClient) -> None:
    email = "throttled@test.normbook.org"
    statuses = [
        post_form(
            client, "/login", "/login", {"email": email, "password": "wrong-wrong"}
        ).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [400] * 5 and statuses[5] == 429


def test_logout_revokes_the_session(
    client: TestClient, delegation: Delegation, login: Callable[[Account], TestClient]
) -> None:
    login(delegation("FRA"))
    stolen = client.cookies.get(COOKIE)
    assert "Log out" in client.get("/").text
    response = post_form(client, "/", "/logout", {})
    assert response.status_code == 303
    client.cookies.clear()
    client.cookies.set(COOKIE, stolen)
    assert "Log out" not in client.get("/").text


def test_logout_without_csrf_is_refused(
    client: TestClient, delegation: Delegation, login: Callable[[Account], TestClient]
) -> None:
    login(delegation("FRA"))
    assert client.post("/logout", data={}).status_code == 403
    assert "Log out" in client.get("/").text


def test_login_redirects_only_to_local_paths(client: TestClient, delegation: Delegation) -> None:
    fra = delegation("FRA")
    response = post_form(
        client,
        "/login",
        "/login",
        {"email": fra.email, "password": PASSWORD, "next": "//evil.example/x"},
    )
    assert response.headers["location"] == "/workspace"
