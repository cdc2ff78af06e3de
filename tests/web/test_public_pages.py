import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions.models import Status
from tests.factories import make_submission


def test_home_shows_counts_and_latest_published_only(client: TestClient, session: Session) -> None:
    make_submission(session, "FRA", Status.published, title="Published register practice")
    make_submission(session, "DEU", Status.draft, title="Secret draft practice")
    response = client.get("/")
    assert response.status_code == 200
    assert "Published register practice" in response.text
    assert "Secret draft practice" not in response.text
    assert '<html lang="en">' in response.text
    assert response.text.count("<h1") == 1


def test_every_page_has_skip_link_landmarks_and_syntheses_in_navigation(
    client: TestClient,
) -> None:
    html = client.get("/norms").text
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert '<a href="/syntheses">' in html
    assert '<a href="/norms" aria-current="page">' in html


def test_norm_list_has_the_eleven_norms(client: TestClient) -> None:
    html = client.get("/norms").text
    for letter in "abcdefghijk":
        assert f'href="/norms/13{letter}"' in html


@pytest.mark.parametrize("alias", ["13g", "13(g)", "g", "norm 7"])
def test_norm_page_accepts_aliases(client: TestClient, alias: str) -> None:
    response = client.get(f"/norms/{alias}")
    assert response.status_code == 200
    assert "13(g)" in response.text and "Protect critical infrastructure" in response.text


def test_unknown_norm_is_an_html_404(client: TestClient) -> None:
    response = client.get("/norms/13z")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Page not found" in response.text


def test_norm_page_lists_and_filters_published_practices(
    client: TestClient, session: Session
) -> None:
    make_submission(session, "FRA", Status.published, title="French register", norms=["13g"])
    make_submission(session, "DEU", Status.published, title="German register", norms=["13g"])
    make_submission(session, "JPN", Status.published, title="Japanese CERT", norms=["13k"])
    html = client.get("/norms/13g").text
    assert "French register" in html and "German register" in html
    assert "Japanese CERT" not in html
    filtered = client.get("/norms/13g", params={"participant": "DEU"}).text
    assert "German register" in filtered and "French register" not in filtered


def test_norm_page_paginates(client: TestClient, session: Session) -> None:
    for number in range(22):
        make_submission(session, "FRA", Status.published, title=f"Practice number {number:02d}")
    first = client.get("/norms/13g").text
    second = client.get("/norms/13g", params={"page": 2}).text
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert second.count('class="card"') == 2


@pytest.mark.parametrize("query", ["page=0", "year=abc", "participant=TOOLONG"])
def test_bad_filters_get_an_html_error_not_a_500(client: TestClient, query: str) -> None:
    response = client.get(f"/norms/13g?{query}")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")


def test_participant_pages(client: TestClient, session: Session) -> None:
    make_submission(session, "FRA", Status.published, title="French register")
    listing = client.get("/participants").text
    assert 'href="/participants/FRA"' in listing and "France" in listing
    detail = client.get("/participants/fra")
    assert detail.status_code == 200 and "French register" in detail.text
    assert client.get("/participants/XYZ").status_code == 404


def test_anonymised_practice_never_shows_its_participant(
    client: TestClient, session: Session
) -> None:
    item = make_submission(
        session, "DEU", Status.published, title="Quiet practice", attribution="anonymised"
    )
    page = client.get(f"/practices/{item.id}").text
    assert "Quiet practice" in page and "Not attributed" in page
    assert "Germany" not in page and "/participants/DEU" not in page
    assert "Quiet practice" not in client.get("/participants/DEU").text
    assert "Quiet practice" not in client.get("/search", params={"participant": "DEU"}).text
    assert "/participants/DEU" not in client.get("/").text


def test_practice_page_shows_sanitised_markdown(client: TestClient, session: Session) -> None:
    item = make_submission(
        session,
        "FRA",
        Status.published,
        body="**Bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        references=[{"title": "Strategy", "url": "https://example.org/strategy"}],
    )
    html = client.get(f"/practices/{item.id}").text
    assert "<strong>Bold</strong>" in html
    assert "<script>alert" not in html and "javascript:" not in html and "onerror" not in html
    assert 'href="https://example.org/strategy"' in html


def test_draft_is_404_for_the_public(client: TestClient, session: Session) -> None:
    item = make_submission(session, "FRA", Status.draft)
    assert client.get(f"/practices/{item.id}").status_code == 404
    assert client.get("/practices/999999").status_code == 404
    assert client.get("/practices/abc").status_code == 404


def test_search_highlights_and_escapes(client: TestClient, session: Session) -> None:
    make_submission(
        session,
        "FRA",
        Status.published,
        title="Operators",
        summary="A register of <b>operators</b> of vital importance.",
        body="The register lists <i>operators</i> of vital importance.",
    )
    html = client.get("/search", params={"q": "register"}).text
    assert "<mark>register</mark>" in html
    assert "<b>operators</b>" not in html and "<i>operators</i>" not in html
    assert "1 result" in html


def test_search_facets_count_matching_practices(client: TestClient, session: Session) -> None:
    make_submission(session, "FRA", Status.published, norms=["13g"], body="exercise plan")
    make_submission(session, "DEU", Status.published, norms=["13g", "13h"], body="exercise plan")
    html = client.get("/search", params={"q": "exercise"}).text
    norm_facet = html[html.index('id="facet-norm"') : html.index('id="facet-participant"')]
    assert re.search(r"13\(g\)[^<]*</a> <span class=\"muted\">\(2\)", norm_facet)
    assert re.search(r"13\(h\)[^<]*</a> <span class=\"muted\">\(1\)", norm_facet)
    assert "participant=DEU" in html


def test_search_in_french_finds_a_french_practice(client: TestClient, session: Session) -> None:
    make_submission(
        session,
        "FRA",
        Status.published,
        title="Registre des opérateurs d'importance vitale",
        summary="Un registre tenu à jour.",
        language="fr",
    )
    response = client.get("/search", params={"q": "registre", "lang": "fr"})
    assert '<html lang="fr">' in response.text
    assert "Registre des opérateurs" in response.text and "1 résultat" in response.text


def test_search_with_unknown_norm_is_422_page(client: TestClient) -> None:
    response = client.get("/search", params={"norm": "zz"})
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]


def test_coverage_counts_anonymised_work_as_not_attributed(
    client: TestClient, session: Session
) -> None:
    make_submission(session, "FRA", Status.published, norms=["13g"])
    make_submission(session, "DEU", Status.published, norms=["13g"], attribution="anonymised")
    html = client.get("/coverage").text
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "France" in html and "Not attributed" in html
    assert "Germany" not in html


def test_atom_feed_is_valid_atom(client: TestClient, session: Session) -> None:
    import xml.etree.ElementTree as ET

    make_submission(session, "FRA", Status.published, title="Feed item <&>")
    response = client.get("/feed.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.content)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for required in ("a:id", "a:title", "a:updated", "a:author"):
        assert feed.find(required, ns) is not None
    entry = feed.find("a:entry", ns)
    assert entry is not None and entry.findtext("a:title", namespaces=ns) == "Feed item <&>"
    assert re.match(r"\d{4}-\d\d-\d\dT.*[+-]\d\d:\d\d$", entry.findtext("a:updated", namespaces=ns))


def test_csv_export_has_one_row_per_published_practice(
    client: TestClient, session: Session
) -> None:
    import csv
    import io

    make_submission(session, "FRA", Status.published, norms=["13g", "13h"], title="=HYPERLINK()")
    make_submission(session, "DEU", Status.published, attribution="anonymised")
    make_submission(session, "JPN", Status.draft)
    response = client.get("/export/submissions.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2
    by_participant = {row["participant"]: row for row in rows}
    assert by_participant["FRA"]["norms"] == "13g;13h"
    assert by_participant["FRA"]["title"] == "'=HYPERLINK()"
    assert "" in by_participant and "DEU" not in response.text.split("\n", 1)[1]


def test_json_export(client: TestClient, session: Session) -> None:
    make_submission(session, "FRA", Status.published, themes=["critical-infrastructure"])
    body = client.get("/export/submissions.json").json()
    assert body["count"] == len(body["items"]) == 1
    assert body["items"][0]["themes"] == "critical-infrastructure"
    assert body["items"][0]["url"].endswith(f"/practices/{body['items'][0]['id']}")


def test_public_pages_answer_304_until_something_is_published(
    client: TestClient, session: Session
) -> None:
    first = client.get("/norms/13g")
    etag = first.headers["etag"]
    assert "last-modified" in first.headers or etag
    again = client.get("/norms/13g", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    make_submission(session, "FRA", Status.published)
    assert client.get("/norms/13g", headers={"If-None-Match": etag}).status_code == 200


def test_export_carries_an_etag(client: TestClient) -> None:
    response = client.get("/export/submissions.csv")
    assert (
        client.get(
            "/export/submissions.csv", headers={"If-None-Match": response.headers["etag"]}
        ).status_code
        == 304
    )


@pytest.mark.parametrize(
    ("headers", "params", "expected"),
    [
        ({}, {}, "en"),
        ({"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}, {}, "fr"),
        ({"Accept-Language": "de, en;q=0.3"}, {}, "en"),
        ({"Accept-Language": "fr"}, {"lang": "en"}, "en"),
        ({}, {"lang": "fr"}, "fr"),
    ],
)
def test_language_choice(
    client: TestClient, headers: dict[str, str], params: dict[str, str], expected: str
) -> None:
    html = client.get("/norms", headers=headers, params=params).text
    assert f'<html lang="{expected}">' in html
    title = "Les onze normes" if expected == "fr" else "The eleven norms"
    assert f"<h1>{title}</h1>" in html


def test_lang_query_is_remembered_in_a_cookie(client: TestClient) -> None:
    response = client.get("/", params={"lang": "fr"})
    assert "lang=fr" in response.headers["set-cookie"]
    assert '<html lang="fr">' in client.get("/norms").text


def test_norm_texts_follow_the_language(client: TestClient) -> None:
    french = client.get("/norms/13g", params={"lang": "fr"}).text
    english = client.get("/norms/13g", params={"lang": "en"}).text
    assert french != english
    assert "Protect critical infrastructure" in english
    assert "Protect critical infrastructure" not in french


def test_api_errors_stay_json(client: TestClient) -> None:
    response = client.get("/api/v1/norms/13z")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert client.get("/api/v1/nothing-here").json() == {"detail": "Not Found"}


def test_open_data_page_links_the_downloads(client: TestClient) -> None:
    html = client.get("/data").text
    for href in ("/export/submissions.csv", "/export/submissions.json", "/feed.atom"):
        assert f'href="{href}' in html


@pytest.mark.parametrize("q", ['"unterminated', "NEAR(", "*", "a:b", "NOT OR AND", "é" * 150, "^"])
def test_search_survives_query_syntax(client: TestClient, session: Session, q: str) -> None:
    make_submission(session, "FRA", Status.published)
    assert client.get("/search", params={"q": q}).status_code == 200


@pytest.mark.parametrize("path", ["/", "/coverage", "/compare?p=FRA&p=DEU", "/participants/FRA"])
def test_french_pages_set_norm_titles_with_the_typographic_apostrophe(
    client: TestClient, session: Session, path: str
) -> None:
    make_submission(session, "FRA", Status.published, norms=["13c"])
    html = client.get(f"{path}{'&' if '?' in path else '?'}lang=fr").text
    assert "l’utilisation abusive" in html  # 13(c), as its own page sets it
    assert "l'utilisation abusive" not in html
