"""Unicode edge cases are stored and shown unchanged; text no database can store (NUL, unpaired
surrogates) is refused with a 422 naming the field, the same on SQLite and PostgreSQL."""

import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from submissions.models import Status, Submission
from tests.conftest import Account
from tests.factories import make_submission, practice_data
from tests.security.inert import text_of
from tests.web.conftest import post_form

UNUSUAL = {
    "rtl": "\u202eevil\u202c \u200fمرحبا بالعالم\u200f",
    "zero-width": "👩\u200d💻 team\u200b\ufeff",
    "combining": "e\u0301te\u0301 Z\u0351\u0352\u0353",
    "astral": "🛰️🔐 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎",
}
LONG_WORD = "x" * 10_000
UNSTORABLE = {"nul": "a\x00b", "surrogate": "a\ud800b", "low surrogate": "\udc00"}


def send_json(client: TestClient, method: str, path: str, data: object, headers: dict) -> object:
    """json.dumps escapes surrogates as \\ud800, as a client in another language would send them."""
    body = json.dumps(data)
    return client.request(
        method, path, content=body, headers={**headers, "content-type": "application/json"}
    )


@pytest.mark.parametrize("name", UNUSUAL)
def test_unusual_unicode_is_stored_and_shown_unchanged(
    client: TestClient,
    delegation: Callable[[str], Account],
    presidency: Callable[[], Account],
    name: str,
) -> None:
    text, fra = UNUSUAL[name], delegation("FRA")
    data = practice_data(title=f"Title {text}", summary=text, body=f"{text}\n\n{LONG_WORD}")
    created = send_json(client, "POST", "/api/v1/submissions", data, fra.headers)
    assert created.status_code == 201, created.text
    id = created.json()["id"]
    assert client.post(f"/api/v1/submissions/{id}/submit", headers=fra.headers).is_success
    chair = presidency().headers
    assert client.post(f"/api/v1/submissions/{id}/publish", headers=chair).is_success
    read = client.get(f"/api/v1/submissions/{id}").json()
    assert (read["title"], read["summary"], read["body"]) == (
        f"Title {text}",
        text,
        f"{text}\n\n{LONG_WORD}",
    )
    shown = text_of(client.get(f"/practices/{id}").text)
    assert f"Title {text}" in shown and LONG_WORD in shown
    assert client.get("/search", params={"q": text}).status_code == 200
    assert client.get("/api/v1/submissions", params={"q": text}).status_code == 200


@pytest.mark.parametrize("name", UNSTORABLE)
def test_unstorable_text_is_refused_with_the_field_named(
    client: TestClient,
    session: Session,
    delegation: Callable[[str], Account],
    presidency: Callable[[], Account],
    login: Callable[[Account], TestClient],
    name: str,
) -> None:
    bad, fra, chair = UNSTORABLE[name], delegation("FRA"), presidency()
    count = session.exec(select(func.count()).select_from(Submission)).one()
    submitted = make_submission(session, "FRA", Status.submitted)
    session.commit()
    cases = [
        ("POST", "/api/v1/submissions", practice_data(title=bad), fra, ["body", "title"]),
        ("POST", "/api/v1/submissions", practice_data(body=bad), fra, ["body", "body"]),
        (
            "POST",
            "/api/v1/submissions",
            practice_data(references=[{"title": bad, "url": "https://example.org"}]),
            fra,
            ["body", "references", 0, "title"],
        ),
        (
            "POST",
            f"/api/v1/submissions/{submitted.id}/return",
            {"comment": bad},
            chair,
            ["body", "comment"],
        ),
        ("POST", "/api/v1/syntheses", {"title": bad}, chair, ["body", "title"]),
    ]
    for method, path, data, account, loc in cases:
        response = send_json(client, method, path, data, account.headers)
        assert response.status_code == 422, f"{path}: {response.status_code} {response.text}"
        assert loc in [e["loc"] for e in response.json()["detail"]], response.text
    if name == "nul":  # forms, queries and paths cannot carry a lone surrogate, only NUL
        for path in ("/api/v1/submissions", "/search"):
            response = client.get(path, params={"q": bad})
            assert response.status_code == 422, f"{path}: {response.status_code}"
        token = client.post("/api/v1/auth/token", data={"username": bad, "password": "x"})
        assert token.status_code == 422 and token.json()["detail"][0]["loc"] == ["body", "username"]
        assert client.get("/api/v1/norms/a%00").status_code == 422
        assert client.get("/norms/a%00").status_code == 404
        login(fra)
        data = {"title": bad, "summary": "S", "norms": "13g", "language": "en"}
        page = post_form(client, "/workspace/practices/new", "/workspace/practices/new", data)
        assert page.status_code == 422 and "title" in page.text
    assert session.exec(select(func.count()).select_from(Submission)).one() == count + 1


JSON_TYPES = [
    "Application/JSON",
    "APPLICATION/JSON; charset=UTF-8",
    "application/vnd.api+json",
    "application/merge-patch+JSON",
    "",  # no Content-Type: FastAPI reads the body as JSON
]


@pytest.mark.parametrize("content_type", JSON_TYPES)
@pytest.mark.parametrize("name", UNSTORABLE)
def test_unstorable_text_is_refused_whatever_the_json_media_type_looks_like(
    client: TestClient,
    session: Session,
    delegation: Callable[[str], Account],
    name: str,
    content_type: str,
) -> None:
    count = session.exec(select(func.count()).select_from(Submission)).one()
    headers = {**delegation("FRA").headers, "content-type": content_type}
    body = json.dumps(practice_data(title=UNSTORABLE[name]))
    if not content_type:
        del headers["content-type"]
    response = client.post("/api/v1/submissions", content=body, headers=headers)
    assert response.status_code == 422, response.text
    assert ["body", "title"] in [e["loc"] for e in response.json()["detail"]]
    assert session.exec(select(func.count()).select_from(Submission)).one() == count


@pytest.mark.parametrize(
    "content_type",
    ["Application/X-WWW-Form-Urlencoded", "application/x-www-form-urlencoded; charset=utf-8"],
)
def test_nul_in_a_form_is_refused_whatever_the_media_type_looks_like(
    client: TestClient,
    delegation: Callable[[str], Account],
    login: Callable[[Account], TestClient],
    content_type: str,
) -> None:
    token = client.post(
        "/api/v1/auth/token",
        content="username=a%00b&password=x",
        headers={"content-type": content_type},
    )
    assert token.status_code == 422 and token.json()["detail"][0]["loc"] == ["body", "username"]
    login(delegation("FRA"))
    page = client.get("/workspace/practices/new")
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    created = client.post(
        "/workspace/practices/new",
        content=f"csrf_token={csrf}&title=a%00b&summary=S&norms=13g&language=en",
        headers={"content-type": content_type},
        follow_redirects=False,
    )
    assert created.status_code == 422 and "title" in created.text
