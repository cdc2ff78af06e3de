"""The search page: names and norm codes as filters, typos corrected, plain snippets, sorting."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions.models import Status
from tests.factories import make_submission

TITLES = re.compile(r'<h3[^>]*>\s*<a href="/practices/(\d+)"')


def _found(html: str) -> list[int]:
    return [int(id_) for id_ in TITLES.findall(html)]


@pytest.fixture
def practices(session: Session) -> dict[str, int]:
    made = {
        "fra": make_submission(session, "FRA", Status.published, title="Hotline for operators"),
        "fra_anon": make_submission(
            session, "FRA", Status.published, title="Quiet restraint", attribution="anonymised"
        ),
        "deu": make_submission(
            session,
            "DEU",
            Status.published,
            norms=["13c"],
            title="Territory misuse checks",
            body="Reports are **not passed to intelligence services**.\n\n- Test the points",
        ),
    }
    session.commit()
    return {key: int(practice.id or 0) for key, practice in made.items()}


@pytest.mark.parametrize("query", ["France", "FRA", "france"])
def test_a_participant_name_filters_without_revealing_anonymised_work(
    client: TestClient, practices: dict[str, int], query: str
) -> None:
    html = client.get("/search", params={"q": query}).text
    assert _found(html) == [practices["fra"]]


@pytest.mark.parametrize("query", ["13(c)", "13c", "norm c", "norme 3"])
def test_a_norm_code_in_any_form_filters(
    client: TestClient, practices: dict[str, int], query: str
) -> None:
    assert _found(client.get("/search", params={"q": query}).text) == [practices["deu"]]


def test_a_typo_is_corrected_and_said(client: TestClient, practices: dict[str, int]) -> None:
    html = client.get("/search", params={"q": "teritory"}).text
    assert "Showing results for" in html and "territory" in html
    assert practices["deu"] in _found(html)


def test_snippets_are_plain_text(client: TestClient, practices: dict[str, int]) -> None:
    html = client.get("/search", params={"q": "intelligence"}).text
    assert "<mark>intelligence</mark>" in html
    assert "**" not in html and "- Test" not in html


def test_results_sort_by_date_both_ways(client: TestClient, practices: dict[str, int]) -> None:
    newest = _found(client.get("/search", params={"q": "operators territory hotline"}).text)
    by_date = {
        sort: _found(client.get("/search", params={"q": "checks", "sort": sort}).text)
        for sort in ("newest", "oldest")
    }
    assert by_date["newest"] == list(reversed(by_date["oldest"]))
    assert newest


def test_an_unknown_sort_is_a_page_naming_the_field(client: TestClient) -> None:
    response = client.get("/search", params={"q": "x", "sort": "random"})
    assert response.status_code == 422
    assert "sort" in response.text


def test_nothing_found_offers_filters_only_when_one_is_chosen(
    client: TestClient, practices: dict[str, int]
) -> None:
    bare = client.get("/search?q=zzyzxqk&lang=fr").text
    assert "Aucun résultat. Essayez moins de mots ou d’autres mots." in bare
    assert 'id="refine-title"' not in bare and "retirez un filtre" not in bare
    filtered = client.get("/search?q=zzyzxqk&norm=13c&lang=fr").text
    assert 'id="refine-title"' in filtered and "retirez un filtre" in filtered
    assert 'id="refine-title"' in client.get("/search?q=hotline").text
