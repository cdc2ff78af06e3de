from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Account
from tests.factories import practice_data

Delegation = Callable[[str], Account]
Presidency = Callable[[], Account]


def create(client: TestClient, account: Account, **overrides: object) -> dict:
    response = client.post(
        "/api/v1/submissions", json=practice_data(**overrides), headers=account.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_delegation_creates_draft_with_etag_and_location(
    client: TestClient, delegation: Delegation
) -> None:
    response = client.post(
        "/api/v1/submissions", json=practice_data(), headers=delegation("FRA").headers
    )
    assert response.status_code == 201
    body = response.json()
    assert body["participant"] == "FRA" and body["status"] == "draft" and body["version"] == 1
    assert response.headers["location"] == f"/api/v1/submissions/{body['id']}"
    assert response.headers["etag"] == f'"{body["id"]}.1"'


def test_patch_without_if_match_is_428(client: TestClient, delegation: Delegation) -> None:
    item = create(client, delegation("FRA"))
    response = client.patch(
        f"/api/v1/submissions/{item['id']}", json={"title": "x"}, headers=delegation("FRA").headers
    )
    assert response.status_code == 428


def test_patch_with_stale_etag_is_412_and_changes_nothing(
    client: TestClient, delegation: Delegation
) -> None:
    fra = delegation("FRA")
    item = create(client, fra)
    url = f"/api/v1/submissions/{item['id']}"
    first = client.patch(
        url, json={"title": "First"}, headers={**fra.headers, "If-Match": f'"{item["id"]}.1"'}
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    second = client.patch(
        url, json={"title": "Second"}, headers={**fra.headers, "If-Match": f'"{item["id"]}.1"'}
    )
    assert second.status_code == 412
    assert client.get(url, headers=fra.headers).json()["title"] == "First"


def test_presidency_publishes_and_public_sees_it(
    client: TestClient, delegation: Delegation, presidency: Presidency
) -> None:
    fra = delegation("FRA")
    item = create(client, fra)
    url = f"/api/v1/submissions/{item['id']}"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/submit", headers=fra.headers).json()["status"] == "submitted"
    assert (
        client.post(f"{url}/publish", headers=presidency().headers).json()["status"] == "published"
    )
    public = client.get(url)
    assert public.status_code == 200
    assert public.json()["contact"] is None
    listed = client.get("/api/v1/submissions", params={"norm": "13(g)"}).json()
    assert item["id"] in [i["id"] for i in listed["items"]]


def test_return_needs_a_comment(
    client: TestClient, delegation: Delegation, presidency: Presidency
) -> None:
    item = create(client, delegation("FRA"))
    url = f"/api/v1/submissions/{item['id']}"
    client.post(f"{url}/submit", headers=delegation("FRA").headers)
    assert client.post(f"{url}/return", json={}, headers=presidency().headers).status_code == 422
    returned = client.post(
        f"{url}/return", json={"comment": "Add dates"}, headers=presidency().headers
    )
    assert returned.json()["return_comment"] == "Add dates"


def test_anonymised_practice_hides_participant_from_public(
    client: TestClient, delegation: Delegation, presidency: Presidency
) -> None:
    item = create(client, delegation("DEU"), attribution="anonymised", title="Quiet practice")
    url = f"/api/v1/submissions/{item['id']}"
    client.post(f"{url}/submit", headers=delegation("DEU").headers)
    client.post(f"{url}/publish", headers=presidency().headers)
    assert client.get(url).json()["participant"] is None
    assert client.get(url, headers=delegation("DEU").headers).json()["participant"] == "DEU"
    by_participant = client.get("/api/v1/submissions", params={"participant": "DEU"}).json()
    assert item["id"] not in [i["id"] for i in by_participant["items"]]


def test_search_ranks_matching_practice(
    client: TestClient, delegation: Delegation, presidency: Presidency
) -> None:
    fra = delegation("FRA")
    ids = []
    for title in ["Coordinated vulnerability disclosure policy", "Register of operators"]:
        item = create(client, fra, title=title, norms=["13j"])
        client.post(f"/api/v1/submissions/{item['id']}/submit", headers=fra.headers)
        client.post(f"/api/v1/submissions/{item['id']}/publish", headers=presidency().headers)
        ids.append(item["id"])
    found = client.get("/api/v1/submissions", params={"q": "vulnerability disclos"}).json()
    assert [i["id"] for i in found["items"]] == [ids[0]]
    assert found["total"] == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"norms": []}, "norms"),
        ({"norms": ["13z"]}, "norms"),
        ({"title": "x" * 301}, "title"),
        ({"summary": "x" * 2001}, "summary"),
        ({"language": "de"}, "language"),
        ({"body": "x" * 100_001}, "body"),
        ({"themes": ["nope"]}, "themes"),
        ({"norms": ["13g"], "primary_norm": "13h"}, "primary_norm"),
        ({"primary_norm": "13z"}, "primary_norm"),
        ({"references": [{"title": "t", "url": "javascript:alert(1)"}]}, "references"),
    ],
)
def test_bad_input_gets_field_level_422(
    client: TestClient, delegation: Delegation, overrides: dict, field: str
) -> None:
    response = client.post(
        "/api/v1/submissions", json=practice_data(**overrides), headers=delegation("FRA").headers
    )
    assert response.status_code == 422, response.text
    assert field in {str(part) for error in response.json()["detail"] for part in error["loc"]}


def test_malformed_json_is_422(client: TestClient, delegation: Delegation) -> None:
    response = client.post(
        "/api/v1/submissions",
        content=b"{not json",
        headers={**delegation("FRA").headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422


def test_oversized_body_is_413(client: TestClient, delegation: Delegation) -> None:
    response = client.post(
        "/api/v1/submissions",
        content=b"x" * 2_000_000,
        headers={**delegation("FRA").headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413


def test_token_login_and_revocation(client: TestClient, delegation: Delegation) -> None:
    from tests.conftest import PASSWORD

    fra = delegation("FRA")
    response = client.post("/api/v1/auth/token", data={"username": fra.email, "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["access_token"]
    assert response.json()["token_type"] == "bearer" and response.json()["expires_in"] > 0
    headers = {"Authorization": f"Bearer {token}"}
    assert (
        client.post("/api/v1/submissions", json=practice_data(), headers=headers).status_code == 201
    )
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    assert (
        client.post("/api/v1/submissions", json=practice_data(), headers=headers).status_code == 401
    )


def test_wrong_password_is_401_with_generic_message(
    client: TestClient, delegation: Delegation
) -> None:
    known = client.post(
        "/api/v1/auth/token",
        data={"username": delegation("DEU").email, "password": "wrong-password"},
    )
    unknown = client.post(
        "/api/v1/auth/token", data={"username": "nobody@example.org", "password": "wrong-password"}
    )
    assert known.status_code == unknown.status_code == 401
    assert known.json() == unknown.json()


def test_a_primary_norm_is_kept_in_canonical_form_and_dropped_with_its_norm(
    client: TestClient, delegation: Delegation
) -> None:
    account = delegation("FRA")
    body = create(client, account, norms=["13g", "13h"], primary_norm="norm 8")
    assert body["primary_norm"] == "13h"
    changed = client.patch(
        f"/api/v1/submissions/{body['id']}",
        json={"norms": ["13g"]},
        headers={**account.headers, "if-match": f'"{body["id"]}.1"'},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["primary_norm"] is None
