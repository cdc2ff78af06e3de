"""Issue-22 journeys in a real browser: the practice form's errors and safeguards, the review's
changes and confirmation, the synthesis screens at phone width; axe at zero on each page.

Screenshots go to NORMBOOK_SHOTS when it is set, for a person to look at.
"""

import os
import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import BrowserContext, Dialog, Page, expect

from tests.browser import live
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("NORMBOOK_SHOTS")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def token(server: live.Server, email: str) -> dict[str, str]:
    response = httpx.post(
        server.url("/api/v1/auth/token"),
        data={"username": email, "password": live.DEMO_PASSWORD},
        timeout=10,
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def revised_practice(server: live.Server) -> int:
    """A published practice whose new revision (a word more, themes reordered) awaits review."""
    fra, presidency = token(server, live.delegation_email("FRA")), token(server, live.PRESIDENCY)
    data = {
        "norms": ["13g"],
        "title": "Port exercise",
        "summary": "A yearly exercise with the port authority.",
        "body": "The agency runs a **yearly** exercise.",
        "language": "en",
        "themes": ["exercises", "critical-infrastructure"],
    }
    api = server.url("/api/v1/submissions")
    item = httpx.post(api, json=data, headers=fra, timeout=10).json()
    httpx.post(f"{api}/{item['id']}/submit", headers=fra, timeout=10).raise_for_status()
    published = httpx.post(f"{api}/{item['id']}/publish", headers=presidency, timeout=10).json()
    change = {
        "body": "The national agency runs a **yearly** exercise.",
        "themes": ["critical-infrastructure", "exercises"],
    }
    etag = {"If-Match": f'"{item["id"]}.{published["version"]}"'}
    httpx.patch(f"{api}/{item['id']}", json=change, headers={**fra, **etag}, timeout=10)
    httpx.post(f"{api}/{item['id']}/submit", headers=fra, timeout=10).raise_for_status()
    return int(item["id"])


@pytest.mark.parametrize(
    ("locale", "viewport", "labels"),
    [
        ("en-GB", None, ("Save draft", "Enter a title.", "Workspace")),
        ("fr-FR", PHONE, ("Enregistrer le brouillon", "Saisissez un titre.", "Espace de travail")),
    ],
    ids=["en-1280", "fr-390"],
)
def test_delegation_sees_all_errors_is_warned_before_leaving_and_previews_in_reach(
    new_context: Callable[..., BrowserContext],
    locale: str,
    viewport: dict[str, int] | None,
    labels: tuple[str, str, str],
) -> None:
    save, title_error, workspace = labels
    # log in in English (the helper finds the fields by their English labels), then switch
    context = new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    live.log_in(page, live.delegation_email("FRA"))
    page.goto("/workspace/practices/new?lang=" + locale[:2])
    page.get_by_role("button", name=save, exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(3)  # title, summary, norms: all at once
    expect(summary).to_contain_text(title_error)
    assert "Input should" not in page.content()
    assert_accessible(page)
    shot(page, f"form-errors-{locale[:2]}-{viewport['width'] if viewport else 1280}")

    page.locator("#title").fill("Port exercise")
    asked: list[str] = []

    def stay(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name=workspace, exact=True).first.click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"] and "/practices/new" in page.url

    page.locator("#norms-13g").check()
    page.locator("#summary").fill("A yearly exercise.")
    page.locator("#references").fill("Report | https://example.org/report")
    page.locator("button[value=preview]").click()
    preview = page.locator("#preview")
    # French writes the norm's reference as "13 g)", with a no-break space
    expect(preview).to_contain_text("13(g)" if locale == "en-GB" else "13\u00a0g)")
    expect(preview.get_by_role("link", name="Report")).to_be_visible()
    expect(page.locator("button[value=save]")).to_be_in_viewport()
    assert_accessible(page)
    shot(page, f"form-preview-{locale[:2]}-{viewport['width'] if viewport else 1280}")


def test_presidency_reads_only_the_changes_and_confirms_publishing(
    new_context: Callable[..., BrowserContext], live_server: live.Server
) -> None:
    id = revised_practice(live_server)
    page = new_context().new_page()
    live.log_in(page, live.PRESIDENCY)
    page.goto(f"/review/{id}")
    changes = page.locator("dl.changes")
    expect(changes.locator("dt")).to_have_text(["Description"])  # themes reordered: no change
    expect(changes.locator("ins")).to_have_text("national ")
    assert_accessible(page)
    shot(page, "review-en-1280")
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Practice published.")
    assert asked == ["Publish this practice? It becomes public at once."]


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_synthesis_screens_work_at_phone_width(
    new_context: Callable[..., BrowserContext], live_server: live.Server, locale: str
) -> None:
    drafts = live.make_syntheses(live_server)
    page = new_context(viewport=PHONE).new_page()
    live.log_in(page, live.PRESIDENCY)
    lang = locale[:2]
    page.goto(f"/admin/syntheses/new?lang={lang}")
    page.locator("#participants-filter").fill("germ" if lang == "en" else "allem")
    expect(page.locator("#participants-list li:visible")).to_have_count(1)
    assert_accessible(page)
    shot(page, f"synthesis-new-{lang}-390")

    page.goto(f"/admin/syntheses/{drafts['draft']}/chapters/13g/best_practices")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the section page is {width} px wide"
    boxes = page.locator("input[name=points][type=checkbox]")
    if boxes.count() > 1:
        boxes.nth(0).check()
        expect(page.locator(".merge-bar button")).to_be_in_viewport()
    assert_accessible(page)
    shot(page, f"synthesis-section-{lang}-390")
    page.goto(f"/admin/syntheses/{drafts['draft']}")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, f"synthesis-draft-{lang}-390")
    # a wide table scrolls within its frame, the page does not (its hidden labels widened it)
    page.goto(f"/admin/users?lang={lang}")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_word_import_page_and_notifications_are_accessible(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context().new_page()
    live.log_in(page, live.delegation_email("FRA"))
    for path in ("/workspace/practices/import?lang=fr", "/notifications?lang=fr", "/workspace"):
        page.goto(path)
        assert_accessible(page)
        shot(page, "page" + re.sub(r"\W+", "-", path.split("?")[0]))
