"""The JSON list's search is the search page's: full text and meaning fused, across languages, the
same practices in the same order (the route and the shortcut alike)."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions.models import Status
from tests.factories import make_submission

TITLES = re.compile(r'<h3[^>]*>\s*<a href="/practices/(\d+)"')
QUERIES = [
    "divulgation des failles logicielles",
    "vulnerability disclosure",
    "police",
    "Japan",
    "13j",
    "vulnerabilty",  # a typo, searched as corrected
    "preuves électroniques Japon",
]


@pytest.fixture
def practices(session: Session) -> dict[str, int]:
    made = {
        "disclosure": make_submission(
            session,
            "JPN",
            Status.published,
            title="Coordinated vulnerability disclosure programme",
            summary="Researchers report software flaws to vendors, who fix them before publication.",
            norms=["13j"],
        ),
        "police": make_submission(
            session,
            "ITA",
            Status.published,
            title="Police unit for electronic evidence",
            summary="Investigators preserve data for foreign prosecutors.",
        ),
        "registre": make_submission(
            session,
            "FRA",
            Status.published,
            language="fr",
            title="Registre des opérateurs d'importance vitale",
            summary="Les opérateurs déclarent leurs systèmes critiques à l'agence nationale.",
        ),
        "draft": make_submission(
            session, "DEU", Status.submitted, title="Vulnerability disclosure"
        ),
    }
    session.commit()
    return {key: int(practice.id or 0) for key, practice in made.items()}


def test_a_french_query_finds_an_english_practice_through_the_api(
    client: TestClient, practices: dict[str, int]
) -> None:
    answer = client.get("/api/v1/submissions", params={"q": "divulgation des failles logicielles"})
    assert answer.status_code == 200
    ids = [item["id"] for item in answer.json()["items"]]
    assert ids[0] == practices["disclosure"]
    assert practices["draft"] not in ids


@pytest.mark.parametrize("query", QUERIES)
def test_the_api_finds_what_the_search_page_shows_in_its_order(
    client: TestClient, practices: dict[str, int], query: str
) -> None:
    page = [int(id_) for id_ in TITLES.findall(client.get("/search", params={"q": query}).text)]
    api = client.get("/api/v1/submissions", params={"q": query}).json()
    assert [item["id"] for item in api["items"]] == page
    assert api["total"] >= len(page)


def test_a_search_is_still_paged_by_number_not_by_cursor(
    client: TestClient, practices: dict[str, int]
) -> None:
    listed = client.get("/api/v1/submissions", params={"page_size": 1}).json()
    searched = client.get(
        "/api/v1/submissions", params={"q": "police", "cursor": listed["next_cursor"]}
    )
    assert searched.status_code == 422
    assert "cursor" in searched.text
