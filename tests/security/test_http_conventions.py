"""HTTP as clients expect it: 401 with a Bearer challenge for an anonymous write, before the body
is judged; HEAD wherever GET is; 413 for a body over the limit however it is sent."""

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from api.settings import get_settings
from tests.conftest import Account


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/submissions"),
        ("PATCH", "/api/v1/submissions/1"),
        ("POST", "/api/v1/syntheses"),
        ("POST", "/api/v1/cycles"),
        ("PATCH", "/api/v1/users/1"),
    ],
)
def test_an_anonymous_write_is_401_before_the_body_is_judged(
    client: TestClient, method: str, path: str
) -> None:
    response = client.request(method, path, json={"not": "what the schema wants"})
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert "schema" not in response.text and "missing" not in response.text


def test_a_write_with_a_token_still_gets_the_schema_errors(
    client: TestClient, delegation: Callable[[str], Account]
) -> None:
    response = client.post("/api/v1/submissions", json={}, headers=delegation("FRA").headers)
    assert response.status_code == 422


@pytest.mark.parametrize(
    "path", ["/", "/search", "/norms/13g", "/data", "/feed.atom", "/api/v1/norms", "/login"]
)
def test_head_answers_like_get_without_a_body(client: TestClient, path: str) -> None:
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers.get("etag") == got.headers.get("etag")


def _chunks(total: int, size: int = 1 << 16) -> Iterator[bytes]:
    for start in range(0, total, size):
        yield b"x" * min(size, total - start)


@pytest.mark.parametrize("path", ["/api/v1/submissions", "/api/v1/auth/token", "/login"])
def test_a_chunked_body_over_the_limit_is_413(
    client: TestClient, delegation: Callable[[str], Account], path: str
) -> None:
    size = get_settings().max_body_bytes * 10
    kind = (
        "application/json" if path == "/api/v1/submissions" else "application/x-www-form-urlencoded"
    )
    response = client.post(
        path,
        content=_chunks(size),
        headers={**delegation("FRA").headers, "content-type": kind},
    )
    assert response.status_code == 413, response.text[:200]
