"""The presidency's synthesis screens: participants by name, publishing last, merging in reach."""

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from synthesis.models import Synthesis
from tests.conftest import Account
from tests.synthesis import conftest as synthesis_fixtures
from tests.synthesis.conftest import Practices
from tests.web.conftest import post_form

Login = Callable[[Account], TestClient]
practices = synthesis_fixtures.practices
make_synthesis = synthesis_fixtures.make_synthesis
NEW = "/admin/syntheses/new"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_presidency_ticks_participants_by_name_in_its_language(
    client: TestClient, presidency: Callable[[], Account], login: Login, lang: str
) -> None:
    login(presidency())
    client.cookies.set("lang", lang)
    html = client.get(NEW).text
    boxes = dict(re.findall(r'value="([A-Z]{2,3})"><label for="participant-[A-Z]+">([^<]+)<', html))
    assert boxes["DEU"] == ("Germany" if lang == "en" else "Allemagne")
    assert boxes["GBR"] in ("United Kingdom", "Royaume-Uni")
    assert 'id="participants-list"' in html and "<legend>" in html


def test_ticked_and_typed_participants_make_the_options(
    client: TestClient,
    session: Session,
    practices: Practices,
    presidency: Callable[[], Account],
    login: Login,
) -> None:
    login(presidency())
    data = {"title": "By name", "participants": ["FRA", "Allemagne; japan"]}
    response = post_form(client, NEW, "/admin/syntheses", data)
    assert response.status_code == 303
    created = session.get(Synthesis, int(response.headers["location"].rsplit("/", 1)[1]))
    assert created is not None and created.options["participants"] == ["FRA", "DEU", "JPN"]


def test_a_bad_entry_is_named_and_good_ones_stay_ticked(
    client: TestClient, presidency: Callable[[], Account], login: Login
) -> None:
    login(presidency())
    client.cookies.set("lang", "fr")
    data = {"title": "T", "participants": ["FRA", "France, XYZ"]}
    response = post_form(client, NEW, "/admin/syntheses", data)
    assert response.status_code == 422
    assert "«\u202fXYZ\u202f» n’est pas un participant connu." in response.text
    assert 'value="FRA" checked' in response.text


def test_publishing_comes_after_the_editing_tools(
    client: TestClient,
    practices: Practices,
    make_synthesis: Callable[..., Synthesis],
    presidency: Callable[[], Account],
    login: Login,
) -> None:
    synthesis = make_synthesis()
    login(presidency())
    html = client.get(f"/admin/syntheses/{synthesis.id}").text
    publish = html.index(f'action="/admin/syntheses/{synthesis.id}/publish"')
    assert html.index('id="grouping-title"') < publish
    assert html.index('id="texts-title"') < publish
    section = client.get(f"/admin/syntheses/{synthesis.id}/chapters/13g/best_practices").text
    assert 'class="actions merge-bar"' in section or "No point." in section
