import pytest
from fastapi.testclient import TestClient


def test_eleven_norms_in_order(client: TestClient) -> None:
    norms = client.get("/api/v1/norms").json()
    assert [n["code"] for n in norms] == [f"13{c}" for c in "abcdefghijk"]
    assert norms[0]["label"] == "13(a)"


@pytest.mark.parametrize("alias", ["13c", "13(c)", "c", "norm c", "norm 3", "Norm C"])
def test_norm_aliases_resolve(client: TestClient, alias: str) -> None:
    response = client.get(f"/api/v1/norms/{alias}")
    assert response.status_code == 200
    assert response.json()["code"] == "13c"


def test_french_text(client: TestClient) -> None:
    en = client.get("/api/v1/norms/13g").json()
    fr = client.get("/api/v1/norms/13g", params={"lang": "fr"}).json()
    assert fr["language"] == "fr" and fr["title"] != en["title"] and fr["text"] != en["text"]


def test_unknown_norm_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/norms/13z").status_code == 404


def test_participants_cover_un_members_observers_and_eu(client: TestClient) -> None:
    participants = client.get("/api/v1/participants").json()
    codes = {p["code"] for p in participants}
    assert len([p for p in participants if p["status"] == "member"]) == 193
    assert {"VAT", "PSE", "EU", "GBR"} <= codes and "UK" not in codes
    g7 = client.get("/api/v1/participants", params={"g7": True}).json()
    assert {p["code"] for p in g7} == {"CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"}


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok"}
