"""Comparing participants: one column each, one row per norm; anonymised work never attributed."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions.models import Status
from tests.factories import make_submission


@pytest.fixture
def shared(session: Session) -> dict[str, int]:
    made = {
        "fra": make_submission(
            session, "FRA", Status.published, norms=["13c"], title="French hosting checks"
        ),
        "fra_anon": make_submission(
            session,
            "FRA",
            Status.published,
            norms=["13c"],
            title="Unsigned restraint guide",
            attribution="anonymised",
        ),
        "deu": make_submission(
            session, "DEU", Status.published, norms=["13g", "13c"], title="German operator duties"
        ),
        "deu_draft": make_submission(session, "DEU", Status.draft, title="German draft"),
    }
    session.commit()
    return {key: int(practice.id or 0) for key, practice in made.items()}


def test_the_page_compares_two_participants_norm_by_norm(
    client: TestClient, shared: dict[str, int]
) -> None:
    page = client.get("/compare", params={"participants": "FRA,deu"})
    assert page.status_code == 200
    html = page.text
    assert html.count('<tr>\n    <th scope="row">') == 11
    assert f'href="/practices/{shared["fra"]}"' in html
    assert f'href="/practices/{shared["deu"]}"' in html
    assert "Unsigned restraint guide" not in html and "German draft" not in html


def test_the_form_choices_compare_too(client: TestClient, shared: dict[str, int]) -> None:
    html = client.get("/compare?p=FRA&p=DEU&p=&p=&lang=fr").text
    assert "German operator duties" in html and '<html lang="fr">' in html


def test_one_participant_shows_the_form_only(client: TestClient, shared: dict[str, int]) -> None:
    html = client.get("/compare?p=FRA").text
    assert '<option value="FRA" selected>' in html
    assert "<table" not in html


@pytest.mark.parametrize("asked", ["FRA,XXX", "FRA,DEU,JPN,ITA,GBR"])
def test_bad_choices_name_the_field(client: TestClient, asked: str) -> None:
    page = client.get("/compare", params={"participants": asked})
    assert page.status_code == 422
    assert "<code>participants</code>" in page.text


def test_the_api_gives_the_same_comparison(client: TestClient, shared: dict[str, int]) -> None:
    data = client.get("/api/v1/compare", params={"participants": "FRA,DEU"}).json()
    assert data["participants"] == ["FRA", "DEU"]
    by_norm = {norm["code"]: norm["participants"] for norm in data["norms"]}
    assert len(by_norm) == 11
    assert by_norm["13c"]["FRA"]["count"] == 1
    assert [p["id"] for p in by_norm["13c"]["DEU"]["practices"]] == [shared["deu"]]
    assert by_norm["13g"]["FRA"] == {"count": 0, "practices": [], "themes": []}
    bad = client.get("/api/v1/compare", params={"participants": "FRA"})
    assert bad.status_code == 422


def test_coverage_cells_link_to_the_filtered_search(
    client: TestClient, shared: dict[str, int]
) -> None:
    html = client.get("/coverage").text
    assert 'href="/search?participant=DEU&amp;norm=13g"' in html
    assert 'href="/compare"' in html
    assert 'href="/compare?p=FRA"' in client.get("/participants/FRA").text
