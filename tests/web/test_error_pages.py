"""Error pages speak the page's language and never show what the code said to itself."""

from fastapi.testclient import TestClient


def test_favicon_is_served(client: TestClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert 'rel="icon"' in client.get("/").text


def test_a_missing_practice_says_so_without_developer_text(client: TestClient) -> None:
    page = client.get("/practices/999999")
    assert page.status_code == 404
    assert "Page not found" in page.text
    assert "999999" not in page.text.split("<main", 1)[1]
    assert "submission" not in page.text.lower()


def test_a_missing_practice_in_french(client: TestClient) -> None:
    page = client.get("/practices/999999?lang=fr")
    assert page.status_code == 404
    assert '<html lang="fr">' in page.text
    assert "Page introuvable" in page.text


def test_a_bad_filter_names_the_field_in_french(client: TestClient) -> None:
    page = client.get("/norms/13a?year=1800&lang=fr")
    assert page.status_code == 422
    assert "<code>year</code>" in page.text
    assert "hors des limites" in page.text
    assert "Input should" not in page.text


def test_an_unknown_norm_filter_names_the_field(client: TestClient) -> None:
    page = client.get("/search?norm=zz&lang=fr")
    assert page.status_code == 422
    assert "<code>norm</code>" in page.text
    assert "unknown norm" not in page.text
