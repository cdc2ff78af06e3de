"""Finding and comparing, as a reader does it in a browser: search by name, code and typo,
filters behind a button on a phone, comparing States, citing and printing a practice."""

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser import live
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def sized(browser: Browser, live_server: live.Server) -> Iterator[Callable[[int, str], Page]]:
    contexts: list[BrowserContext] = []

    def make(width: int, locale: str = "en-GB") -> Page:
        context = browser.new_context(
            base_url=live_server.base_url, locale=locale, viewport={"width": width, "height": 900}
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_reader_finds_a_state_a_norm_and_a_misspelt_word(
    sized: Callable[[int, str], Page], live_server: live.Server, width: int
) -> None:
    # as many as the API finds: other files' journeys may have published more by now
    by_state, by_norm = (
        httpx.get(live_server.url(f"/api/v1/submissions?q={words}")).json()["total"]
        for words in ("France", "13(c)")
    )
    assert by_state >= 4 and by_norm >= 4  # the demo data's own
    page = sized(width, "en-GB")
    page.goto("/search")
    page.get_by_label("Words to find").fill("France")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name=f"{by_state} results")).to_be_visible()
    page.goto("/search?q=13(c)")
    expect(page.get_by_role("heading", name=f"{by_norm} results")).to_be_visible()
    page.goto("/search?q=infrastucture")
    expect(page.get_by_text("Showing results for")).to_be_visible()
    _shot(page, f"search-typo-{width}")
    filters = page.locator("details.refine")
    if width < 800:  # the filters wait behind their button, above the results
        assert filters.get_attribute("open") is None
        results = page.locator("section.results").bounding_box()
        button = page.locator("details.refine > summary").bounding_box()
        assert results is not None and button is not None and button["y"] < results["y"]
        assert button["y"] < 600  # on the first screen of a phone
        page.locator("details.refine > summary").click()
    expect(page.get_by_role("heading", name="Refine")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(("width", "locale"), [(1280, "fr-FR"), (390, "en-GB")])
def test_a_reader_compares_three_states(
    sized: Callable[[int, str], Page], width: int, locale: str
) -> None:
    page = sized(width, locale)
    page.goto("/participants/FRA")
    page.locator('a[href="/compare?p=FRA"]').click()
    page.locator("#p1").select_option("DEU")
    page.locator("#p2").select_option("JPN")
    page.locator("form.compare-form button").click()
    expect(page.locator("table.compare tbody tr")).to_have_count(11)
    expect(page.locator("table.compare thead th")).to_have_count(4)
    _shot(page, f"compare-{locale}-{width}")
    assert_accessible(page)


def test_a_reader_cites_and_prints_a_practice(sized: Callable[[int, str], Page]) -> None:
    page = sized(1280, "en-GB")
    page.goto("/search?q=vulnerability")
    page.locator("section.results h3 a").first.click()
    expect(page.get_by_role("heading", name="Cite this practice")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="BibTeX").click()
    assert download.value.suggested_filename.endswith(".bib")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("heading", name="Cite this practice")).to_be_visible()
    _shot(page, "practice-print-1280")


def test_a_practice_fits_a_phone_in_french(sized: Callable[[int, str], Page]) -> None:
    page = sized(390, "fr-FR")
    page.goto("/search?q=contact")
    page.locator("section.results h3 a").first.click()
    expect(page.get_by_role("heading", name="À propos de cette pratique")).to_be_visible()
    # its facts (long theme names, the permanent link) wrap instead of widening the page
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    _shot(page, "practice-fr-390")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_participant_index_and_coverage_on_any_screen(
    sized: Callable[[int, str], Page], width: int
) -> None:
    page = sized(width, "fr-FR")
    page.goto("/participants?lang=fr")
    page.get_by_label("Nom ou code").fill("allem")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator('a[href="/participants/DEU"]')).to_be_visible()
    page.goto("/coverage?lang=fr")
    _shot(page, f"coverage-fr-{width}")
    page.locator(".table-scroll").evaluate("(element) => element.scrollLeft = 10000")
    first = page.locator(".matrix tbody th[scope=row]").first
    box = first.bounding_box()
    assert box is not None and box["x"] >= 0  # the participant column stays in view
    page.locator('.matrix tbody a[href*="norm="]').first.click()
    expect(page).to_have_url(re.compile(r"/search\?participant=[A-Z]+&norm=13[a-k]"))


@pytest.mark.parametrize(("width", "locale"), [(1280, "fr-FR"), (390, "en-GB")])
def test_a_reader_chooses_two_norms_and_finds_practices_of_either(
    sized: Callable[[int, str], Page], live_server: live.Server, width: int, locale: str
) -> None:
    either = httpx.get(live_server.url("/api/v1/submissions?norm=13c&norm=13g")).json()["total"]
    alone = httpx.get(live_server.url("/api/v1/submissions?norm=13c")).json()["total"]
    assert either > alone
    page = sized(width, locale)
    page.goto("/search")
    # the facet writes codes as the badges do: 13(c), or 13 c) on a French page
    written = r"13\s{}\)" if locale == "fr-FR" else r"13\({}\)"
    c, g = (re.compile(written.format(letter)) for letter in "cg")
    for code in (c, g):
        if width < 800:  # the filters wait behind their button on a phone
            page.locator("details.refine > summary").click()
        norms = page.locator('section[aria-labelledby="facet-norm"]')
        norms.get_by_role("link", name=code).click()
    expect(page).to_have_url(re.compile(r"norm=13c&norm=13g"))
    expect(page.locator("#results-title")).to_contain_text(str(either))
    chosen = page.locator('section[aria-labelledby="facet-norm"] a[aria-current="true"]')
    expect(chosen).to_have_count(2)
    _shot(page, f"search-two-norms-{locale}-{width}")
    assert_accessible(page)
    if width < 800:
        page.locator("details.refine > summary").click()
    chosen.filter(has_text=c).click()  # a chosen norm's link takes it away
    expect(page).to_have_url(re.compile(r"\?norm=13g$"))
