"""The participants list: an A-Z index and filters by name, group, G7 and contributors."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions.models import Status
from tests.factories import make_submission

LINKS = re.compile(r'<li><a href="/participants/([A-Z]{2,3})">')


def _codes(client: TestClient, **params: str) -> set[str]:
    return set(LINKS.findall(client.get("/participants", params=params).text))


def test_everyone_is_listed_under_an_a_to_z_index(client: TestClient) -> None:
    html = client.get("/participants").text
    assert len(LINKS.findall(html)) == 196
    assert '<a href="#letter-Z">Z</a>' in html and 'id="letter-Z"' in html


def test_french_names_are_indexed_without_their_accents(client: TestClient) -> None:
    html = client.get("/participants", params={"lang": "fr"}).text
    e_section = html.split('id="letter-E"', 1)[1].split("<section", 1)[0]
    assert "États-Unis" in e_section


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"name": "fran"}, {"FRA"}),
        ({"name": "allem", "lang": "fr"}, {"DEU"}),
        ({"name": "JPN"}, {"JPN"}),
        ({"g7": "true"}, {"CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA", "EU"}),
    ],
)
def test_filters(client: TestClient, params: dict[str, str], expected: set[str]) -> None:
    assert _codes(client, **params) == expected


def test_regional_groups_cover_every_member(client: TestClient) -> None:
    groups = [
        "african",
        "asia-pacific",
        "eastern-european",
        "latin-american-caribbean",
        "western-european-others",
    ]
    found = [_codes(client, group=group) for group in groups]
    assert sum(len(codes) for codes in found) == 194  # 193 members and Palestine
    assert "KEN" in found[0] and "EST" in found[2] and "USA" in found[4]
    assert client.get("/participants", params={"group": "nordic"}).status_code == 422


def test_contributors_only(client: TestClient, session: Session) -> None:
    make_submission(session, "KEN", Status.published)
    make_submission(session, "EST", Status.published, attribution="anonymised")
    session.commit()
    assert _codes(client, contributors="true") == {"KEN"}


def test_a_participants_page_names_it_in_the_trail(client: TestClient) -> None:
    html = client.get("/participants/FRA?lang=fr").text
    assert "</a> › France</p>" in html
    assert "› FRA" not in html
