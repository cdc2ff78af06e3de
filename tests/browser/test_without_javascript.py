"""Scripts are progressive enhancement only: with JavaScript off, reading and writing still work."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Dialog, Page, expect

from tests.browser import live

pytestmark = pytest.mark.browser

TITLE = "Registre national des opérateurs essentiels, tenu sans script"


@pytest.fixture
def scriptless(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(java_script_enabled=False).new_page()


def test_visitor_searches_and_reads_without_javascript(scriptless: Page) -> None:
    page = scriptless
    page.goto("/?lang=fr")
    page.get_by_role("main").get_by_role("searchbox").fill("incident")
    page.get_by_role("main").get_by_role("button", name="Rechercher").click()
    expect(page).to_have_url(re.compile(r"/search\?q=incident"))
    first = page.locator("main article h3 a, main article h2 a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_delegation_previews_saves_and_withdraws_without_javascript(scriptless: Page) -> None:
    page = scriptless
    live.log_in(page, live.delegation_email("FRA"))
    page.goto("/workspace/practices/new")
    page.get_by_label(re.compile(r"^Title")).fill(TITLE)
    page.get_by_label(re.compile(r"^Summary")).fill(
        "Un registre tenu à jour par l'autorité nationale."
    )
    page.get_by_role("group", name="Norms").get_by_label(re.compile(r"^13\(g\)")).check()
    page.get_by_label(re.compile(r"^Description")).fill("Le registre est *public*.")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("region", name="Preview").locator("em")).to_have_text("public")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("Draft saved.")

    page.goto("/workspace")
    drafts = page.get_by_role("region", name=re.compile("Drafts"))
    withdraw = re.compile(rf"^Withdraw\W+{re.escape(TITLE)}$")
    drafts.get_by_role("button", name=withdraw).click()  # no confirmation box without scripts
    expect(page.get_by_role("status")).to_contain_text("Practice withdrawn.")
    withdrawn = page.get_by_role("region", name=re.compile("Withdrawn"))
    expect(withdrawn.get_by_role("link", name=TITLE, exact=True)).to_be_visible()


def test_withdrawal_asks_for_confirmation_when_scripts_run(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context().new_page()
    live.log_in(page, live.delegation_email("FRA"))
    published = page.get_by_role("region", name=re.compile("Published"))
    before = published.get_by_role("article").count()
    assert before > 0, "the demo delegation has no published practice"
    asked: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    published.get_by_role("button", name=re.compile(r"^Withdraw\W")).first.click()
    expect(page).to_have_url(re.compile(r"/workspace$"))
    assert asked == ["Withdraw this practice? It will leave public view."]
    expect(published.get_by_role("article")).to_have_count(before)
