from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Account

CYCLE = {
    "code": "g7-2030",
    "title_en": "Cycle 2030",
    "title_fr": "Cycle 2030",
    "presiding": "ita",
    "opens_on": "2030-01-01",
    "closes_on": "2030-12-01",
}


def test_presidency_opens_and_edits_a_cycle(
    client: TestClient, presidency: Callable[[], Account]
) -> None:
    created = client.post("/api/v1/cycles", json=CYCLE, headers=presidency().headers)
    assert created.status_code == 201
    assert created.json()["presiding_code"] == "ITA"
    edited = client.patch(
        "/api/v1/cycles/g7-2030", json={"title_fr": "Cycle de 2030"}, headers=presidency().headers
    )
    assert edited.json()["title_fr"] == "Cycle de 2030"
    assert (
        client.post("/api/v1/cycles", json=CYCLE, headers=presidency().headers).status_code == 409
    )
    assert "g7-2030" in [c["code"] for c in client.get("/api/v1/cycles").json()]


def test_cycle_dates_must_be_ordered(client: TestClient, presidency: Callable[[], Account]) -> None:
    response = client.post(
        "/api/v1/cycles", json={**CYCLE, "closes_on": "2029-01-01"}, headers=presidency().headers
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "closes_on"]


@pytest.mark.parametrize("who", ["anonymous", "FRA"])
def test_only_presidency_administers(
    client: TestClient, delegation: Callable[[str], Account], who: str
) -> None:
    headers = {} if who == "anonymous" else delegation(who).headers
    refused = 401 if who == "anonymous" else 403  # a write without a token: who is asking?
    assert client.post("/api/v1/cycles", json=CYCLE, headers=headers).status_code == refused
    assert client.get("/api/v1/users", headers=headers).status_code == 403
    assert client.get("/api/v1/audit", headers=headers).status_code == 403
    assert (
        client.patch("/api/v1/norms/13a", json={"title_en": "x"}, headers=headers).status_code
        == refused
    )


def test_presidency_edits_a_norm_and_it_is_audited(
    client: TestClient, presidency: Callable[[], Account]
) -> None:
    response = client.patch(
        "/api/v1/norms/13(b)",
        json={"guidance_fr": "Nouvelle orientation."},
        headers=presidency().headers,
    )
    assert response.status_code == 200
    assert (
        client.get("/api/v1/norms/13b", params={"lang": "fr"}).json()["guidance"]
        == "Nouvelle orientation."
    )
    audit = client.get(
        "/api/v1/audit", params={"entity": "norm"}, headers=presidency().headers
    ).json()
    assert audit["items"][0]["entity_id"] == "13b"


def test_presidency_invites_then_deactivates_a_delegation(
    client: TestClient, presidency: Callable[[], Account]
) -> None:
    body = {
        "email": "new@ita.example.org",
        "password": "a good long password",
        "role": "delegation",
        "participant": "ITA",
    }
    created = client.post("/api/v1/users", json=body, headers=presidency().headers)
    assert created.status_code == 201
    token = client.post(
        "/api/v1/auth/token", data={"username": body["email"], "password": body["password"]}
    ).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert client.get("/api/v1/submissions", headers=headers).status_code == 200
    user_id = created.json()["id"]
    assert (
        client.patch(
            f"/api/v1/users/{user_id}", json={"is_active": False}, headers=presidency().headers
        ).status_code
        == 200
    )
    assert client.get("/api/v1/submissions", headers=headers).status_code == 401
    relogin = client.post(
        "/api/v1/auth/token", data={"username": body["email"], "password": body["password"]}
    )
    assert relogin.status_code == 401
