"""Several values within a facet are alternatives (OR), facets together all apply (AND): on the
search page, its open data and the JSON list alike, with a chosen facet counted as if unchosen."""

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions.models import Status
from tests.factories import make_submission

TITLES = re.compile(r'<h3[^>]*>\s*<a href="/practices/(\d+)"')


@pytest.fixture
def practices(session: Session) -> dict[str, int]:
    made = {
        "c_fra": make_submission(session, "FRA", Status.published, norms=["13c"], language="en"),
        "g_deu": make_submission(session, "DEU", Status.published, norms=["13g"], language="fr"),
        "cg_jpn": make_submission(
            session, "JPN", Status.published, norms=["13c", "13g"], language="en"
        ),
        "a_fra": make_submission(session, "FRA", Status.published, norms=["13a"], language="en"),
    }
    session.commit()
    return {key: int(practice.id or 0) for key, practice in made.items()}


def _ids(*keys: str, among: dict[str, int]) -> set[int]:
    return {among[key] for key in keys}


def test_two_norms_find_either_and_a_language_narrows_both(
    client: TestClient, practices: dict[str, int]
) -> None:
    either = {"c_fra", "g_deu", "cg_jpn"}
    page = client.get("/search?norm=13c&norm=13(g)").text
    assert {int(i) for i in TITLES.findall(page)} == _ids(*either, among=practices)
    api = client.get("/api/v1/submissions?norm=13c&norm=13g").json()
    assert api["total"] == 3  # the practice with both norms once
    assert {item["id"] for item in api["items"]} == _ids(*either, among=practices)
    english = client.get("/api/v1/submissions?norm=13c&norm=13g&language=en").json()
    assert {item["id"] for item in english["items"]} == _ids("c_fra", "cg_jpn", among=practices)
    rows = csv.DictReader(io.StringIO(client.get("/export/submissions.csv?norm=13c&norm=13g").text))
    assert {int(row["id"]) for row in rows} == _ids(*either, among=practices)
    two = client.get("/api/v1/submissions?participant=FRA&participant=jpn").json()
    assert {item["id"] for item in two["items"]} == _ids(
        "c_fra", "cg_jpn", "a_fra", among=practices
    )


def test_a_chosen_facet_counts_its_other_values_and_links_to_add_or_remove_them(
    client: TestClient, practices: dict[str, int]
) -> None:
    page = client.get("/search?norm=13c&language=en").text
    norms = page[page.index('id="facet-norm"') : page.index('id="facet-participant"')]
    # Counted among the English practices, as if no norm were chosen: 13a and 13g stay offered.
    assert re.search(
        r'href="/search\?norm=13c&amp;language=en&amp;norm=13a">[^<]*</a> '
        r'<span class="muted">\(1\)',
        norms,
    )
    assert 'href="/search?language=en" aria-current="true">' in norms  # chosen: a link removes it
    languages = page[page.index('id="facet-language"') :].split("</section>")[0]
    assert 'English</a> <span class="muted">(2)' in languages  # the 13c practices, any language
    assert "French" not in languages  # none of them is in French
    assert client.get("/search?norm=13c&norm=13g&lang=fr").text.count('aria-current="true"') >= 2


def test_a_bad_value_among_several_names_its_field(
    client: TestClient, practices: dict[str, int]
) -> None:
    for url in (
        "/api/v1/submissions?norm=13c&norm=13z",
        "/export/submissions.csv?norm=13c&norm=zz",
    ):
        answer = client.get(url)
        assert answer.status_code == 422
        assert "norm" in answer.text
    assert client.get("/search?year=2024&year=1800").status_code == 422


def test_several_participants_never_reveal_anonymised_work(
    client: TestClient, session: Session, practices: dict[str, int]
) -> None:
    hidden = make_submission(session, "FRA", Status.published, attribution="anonymised")
    session.commit()
    query = "participant=FRA&participant=DEU"
    api = {item["id"] for item in client.get(f"/api/v1/submissions?{query}").json()["items"]}
    page = {int(id_) for id_ in TITLES.findall(client.get(f"/search?{query}").text)}
    rows = csv.DictReader(io.StringIO(client.get(f"/export/submissions.csv?{query}").text))
    exported = {int(row["id"]) for row in rows}
    expected = _ids("c_fra", "a_fra", "g_deu", among=practices)
    assert api == page == exported == expected
    assert hidden.id not in api


def test_a_french_page_writes_the_norm_facet_as_its_badges_do(
    client: TestClient, practices: dict[str, int]
) -> None:
    page = client.get("/search?norm=13c&norm=13g&lang=fr").text
    assert "13\u00a0c) " in page and "13\u00a0g) " in page  # facet labels, as on the badges
    assert "13(c)" not in page and "13(g)" not in page
    assert "13(c) " in client.get("/search?norm=13c&norm=13g&lang=en").text


def test_the_filters_in_force_are_named_above_the_results_each_with_its_removal(
    client: TestClient, practices: dict[str, int]
) -> None:
    page = client.get("/search?norm=13c&norm=13g&language=fr").text
    chosen = page.split('class="chosen-filters"', 1)[1].split("</p>", 1)[0]
    assert "Filtered by:" in chosen and "Protect critical infrastructure" in chosen
    assert 'href="/search?norm=13g&amp;language=fr"' in chosen  # removes 13(c)
    assert 'href="/search?norm=13c&amp;norm=13g"' in chosen  # removes the language
    assert "chosen-filters" not in client.get("/search?q=port").text
    french = client.get("/search?norm=13c&lang=fr").text
    assert "Filtres appliqués" in french and "retirer ce filtre" in french
