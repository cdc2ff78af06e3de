"""The three journeys of a practice, end to end in a real browser, found by labels and roles as a
screen reader user would find them.

They tell one story, in order: the practice the delegation writes is the one the presidency reviews and
the one the visitor finds. Each journey fails, never skips, when the one before it did not finish.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Locator, Page, Response, expect

from tests.browser import live

pytestmark = pytest.mark.browser

TITLE = "Exercice portuaire Kerguelen de gestion de crise cyber"
SUMMARY = "Un exercice annuel réunit l'autorité portuaire, les opérateurs et l'équipe nationale de réponse."
BODY = "L'exercice **Kerguelen** simule une attaque contre la chaîne logistique d'un grand port."
BEST = "- Associer les opérateurs privés dès la conception du scénario."
LESSONS = "- Les points de contact doivent être vérifiés chaque trimestre."
COMMENT = "Merci : précisez la périodicité de l'exercice dans le résumé."
RESUMMARY = SUMMARY + " Il a lieu chaque année en mars."


@dataclass
class Story:
    """What each journey leaves for the next."""

    practice_id: int | None = None
    submitted: bool = False
    published: bool = False


@pytest.fixture(scope="module")
def story() -> Story:
    return Story()


@pytest.fixture
def watched(
    new_context: Callable[..., BrowserContext],
) -> Iterator[Callable[..., Page]]:
    """Pages whose console errors (a script refused by the CSP) or failed loads fail the test."""
    problems: list[str] = []

    def open_page(**options: object) -> Page:
        page = new_context(**options).new_page()

        def on_console(message: ConsoleMessage) -> None:
            # a failed load is reported below with its address; a page may be a deliberate 404
            if message.type == "error" and not message.text.startswith("Failed to load resource"):
                problems.append(f"{page.url}: {message.text}")

        def on_response(response: Response) -> None:
            if response.status >= 400 and response.request.resource_type != "document":
                problems.append(f"{page.url}: {response.status} for {response.url}")

        page.on("console", on_console)
        page.on("response", on_response)
        page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
        return page

    yield open_page
    assert not problems, "errors in the browser console:\n" + "\n".join(problems)


def section(page: Page, heading: str) -> Locator:
    """A dashboard group, found by its heading."""
    return page.get_by_role("region", name=re.compile(re.escape(heading)))


def labelled(action: str) -> re.Pattern[str]:
    """A button's visible verb followed by the practice's title, hidden but for screen readers."""
    return re.compile(rf"^{re.escape(action)}\W+{re.escape(TITLE)}$")


def test_delegation_writes_previews_and_submits_a_practice(
    watched: Callable[..., Page], story: Story
) -> None:
    page = watched()
    live.log_in(page, live.delegation_email("FRA"))
    expect(page).to_have_url(re.compile(r"/workspace$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Workspace")

    page.get_by_role("link", name="Write a new practice").click()
    page.get_by_label(re.compile(r"^Title")).fill(TITLE)
    page.get_by_label(re.compile(r"^Summary")).fill(SUMMARY)
    norms = page.get_by_role("group", name="Norms")
    norms.get_by_label(re.compile(r"^13\(g\)")).check()
    norms.get_by_label(re.compile(r"^13\(h\)")).check()
    page.get_by_label("Language", exact=True).select_option("fr")
    page.get_by_label(re.compile(r"^Description")).fill(BODY)
    page.get_by_label(re.compile(r"^Best practices")).fill(BEST)
    page.get_by_label(re.compile(r"^Lessons learned")).fill(LESSONS)
    page.get_by_label("Contact (private)").fill("cellule-crise@example.org")

    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("strong", has_text="Kerguelen")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Title"))).to_have_value(TITLE)

    page.get_by_role("button", name="Save draft").click()
    expect(page).to_have_url(re.compile(r"/practices/\d+$"))
    expect(page.get_by_role("status")).to_contain_text("Draft saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    story.practice_id = int(page.url.rsplit("/", 1)[1])

    page.get_by_role("link", name="Workspace").first.click()
    drafts = section(page, "Drafts")
    expect(drafts.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    drafts.get_by_role("button", name=labelled("Submit for review")).click()
    expect(page.get_by_role("status")).to_contain_text("Sent to the presidency for review.")
    expect(
        section(page, "Awaiting review").get_by_role("link", name=TITLE, exact=True)
    ).to_be_visible()
    story.submitted = True


def test_presidency_returns_then_publishes_after_the_delegation_resubmits(
    watched: Callable[..., Page], story: Story, live_server: live.Server
) -> None:
    if not story.submitted:
        pytest.fail("the delegation's journey did not submit its practice")
    visitor = watched()
    unpublished = visitor.goto(f"/practices/{story.practice_id}")
    assert unpublished is not None
    assert unpublished.status == 404

    presidency = watched()
    live.log_in(presidency, live.PRESIDENCY)
    expect(presidency).to_have_url(re.compile(r"/review$"))
    queue = presidency.get_by_role("table")
    queue.get_by_role("link", name=TITLE, exact=True).click()
    expect(presidency.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(presidency.get_by_text("cellule-crise@example.org")).to_be_visible()
    presidency.get_by_label("Comment for the delegation").fill(COMMENT)
    presidency.get_by_role("button", name="Return with this comment").click()
    expect(presidency.get_by_role("status")).to_be_visible()

    delegation = watched()
    live.log_in(delegation, live.delegation_email("FRA"))
    returned = section(delegation, "Returned by the presidency")
    expect(returned.get_by_text(COMMENT)).to_be_visible()
    returned.get_by_role("link", name=labelled("Edit")).click()
    expect(delegation.get_by_label(re.compile(r"^Summary"))).to_have_value(SUMMARY)
    delegation.get_by_label(re.compile(r"^Summary")).fill(RESUMMARY)
    delegation.get_by_role("button", name="Save draft").click()
    expect(delegation.get_by_role("status")).to_contain_text("Changes saved.")
    delegation.goto("/workspace")
    returned.get_by_role("button", name=labelled("Submit for review")).click()
    expect(
        section(delegation, "Awaiting review").get_by_role("link", name=TITLE, exact=True)
    ).to_be_visible()

    presidency.goto("/review")
    presidency.get_by_role("table").get_by_role("link", name=TITLE, exact=True).click()
    expect(presidency.get_by_text("Il a lieu chaque année en mars.").first).to_be_visible()
    presidency.once("dialog", lambda dialog: dialog.accept())  # "Publish this practice?"
    presidency.get_by_role("button", name="Publish").click()
    expect(presidency.get_by_role("status")).to_be_visible()

    delegation.goto("/workspace")
    expect(
        section(delegation, "Published").get_by_role("link", name=TITLE, exact=True)
    ).to_be_visible()
    story.published = True


def test_visitor_finds_the_practice_by_searching_in_french(
    watched: Callable[..., Page], story: Story
) -> None:
    if not story.published:
        pytest.fail("the review journey did not publish the practice")
    page = watched()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.get_by_role("navigation", name="Principale").get_by_role("link", name="Rechercher").click()
    page.get_by_label("Mots à rechercher").fill("Kerguelen")
    page.get_by_role("search").get_by_role("button", name="Rechercher").click()
    expect(page).to_have_url(re.compile(r"/search\?q=Kerguelen"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    results = page.get_by_role("region", name=re.compile(r"^1 résultat"))
    expect(results.locator("mark", has_text="Kerguelen").first).to_be_visible()

    results.get_by_role("link", name=TITLE, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/practices/{story.practice_id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Il a lieu chaque année en mars.")).to_be_visible()
    expect(page.get_by_text("cellule-crise@example.org")).to_have_count(0)
    expect(page.get_by_text(COMMENT)).to_have_count(0)
