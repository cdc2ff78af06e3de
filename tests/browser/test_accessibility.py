"""axe-core on the main pages, in English and in French, anonymous and logged in: zero violations."""

from collections.abc import Callable, Iterator

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser import live
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

LANGS = ["en", "fr"]
# The main pages, in both languages.
PUBLIC = [
    "/",
    "/norms",
    "/norms/13g",
    "/participants",
    "/participants/FRA",
    "/practices/{practice}",
    "/search?q=incident",
    "/search?q=infrastucture",
    "/coverage",
    "/compare?participants=FRA,DEU,JPN",
    "/practices/{practice}/history",
    "/syntheses",
    "/syntheses/{synthesis}",
    "/login",
]
WORKSPACE = [
    (live.delegation_email("FRA"), "/workspace"),
    (live.delegation_email("FRA"), "/workspace/practices/new"),
    (live.PRESIDENCY, "/review"),
    (live.PRESIDENCY, "/admin/syntheses/{draft}"),
]
# Pages built from the same parts as those above: one language each, to keep the run short.
OTHER_PUBLIC = [
    ("/data", "fr"),
    ("/no-such-page", "en"),
    ("/no-such-page", "fr"),
    ("/participants?group=african&contributors=true", "fr"),
    ("/compare?p=FRA", "en"),
]
OTHER_WORKSPACE = [
    (live.delegation_email("FRA"), "/workspace/practices/{own}/edit", "en"),
    (live.PRESIDENCY, "/review/{submitted}", "fr"),
    (live.PRESIDENCY, "/admin/users", "en"),
    (live.PRESIDENCY, "/admin/audit", "fr"),
    (live.PRESIDENCY, "/admin/syntheses", "fr"),
    (live.PRESIDENCY, "/admin/syntheses/new", "en"),
    (live.PRESIDENCY, "/admin/syntheses/{draft}/chapters/13g/best_practices", "fr"),
    (live.PRESIDENCY, "/syntheses/{draft}", "en"),
]


def first_id(server: live.Server, query: str, headers: dict[str, str] | None = None) -> int:
    listing = httpx.get(
        server.url(f"/api/v1/submissions?page_size=1&{query}"), headers=headers, timeout=10
    ).json()
    assert listing["items"], f"the demo data has no practice for {query}"
    return int(listing["items"][0]["id"])


@pytest.fixture(scope="module")
def ids(live_server: live.Server) -> dict[str, int]:
    """Demo practices to visit: a published one, the delegation's own, one awaiting review; and a
    published and a draft synthesis."""
    token = httpx.post(
        live_server.url("/api/v1/auth/token"),
        data={"username": live.PRESIDENCY, "password": live.DEMO_PASSWORD},
        timeout=10,
    ).json()["access_token"]
    return {
        "practice": first_id(live_server, "status=published"),
        "own": first_id(live_server, "status=published&participant=FRA"),
        "submitted": first_id(
            live_server, "status=submitted", {"Authorization": f"Bearer {token}"}
        ),
        **live.make_syntheses(live_server),
    }


def visit(page: Page, path: str, lang: str) -> None:
    separator = "&" if "?" in path else "?"
    response = page.goto(f"{path}{separator}lang={lang}")
    assert response is not None
    expected = 404 if path.startswith("/no-such-page") else 200
    assert response.status == expected, f"{path}: {response.status}"
    assert page.locator("html").get_attribute("lang") == lang


@pytest.fixture(scope="module")
def visitor(browser: Browser, live_server: live.Server) -> Iterator[Page]:
    """One anonymous page for the whole module: each visit names its language."""
    context = browser.new_context(base_url=live_server.base_url, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def as_member(browser: Browser, live_server: live.Server) -> Iterator[Callable[[str], Page]]:
    """A logged-in page per account, made once: logging in costs a password hash."""
    contexts: dict[str, BrowserContext] = {}
    pages: dict[str, Page] = {}

    def page_for(email: str) -> Page:
        if email not in pages:
            contexts[email] = browser.new_context(base_url=live_server.base_url, locale="en-GB")
            pages[email] = contexts[email].new_page()
            live.log_in(pages[email], email)
        return pages[email]

    yield page_for
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize(
    ("path", "lang"), [(path, lang) for path in PUBLIC for lang in LANGS] + OTHER_PUBLIC
)
def test_public_page_has_no_axe_violations(
    visitor: Page, ids: dict[str, int], path: str, lang: str
) -> None:
    visit(visitor, path.format(**ids), lang)
    assert_accessible(visitor)


def test_failed_login_page_has_no_axe_violations(page: Page) -> None:
    visit(page, "/login", "fr")
    page.locator("#email").fill(live.delegation_email("FRA"))
    page.locator("#password").fill("not the password")
    page.locator("form.form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("email", "path", "lang"),
    [(email, path, lang) for email, path in WORKSPACE for lang in LANGS] + OTHER_WORKSPACE,
)
def test_workspace_page_has_no_axe_violations(
    as_member: Callable[[str], Page], ids: dict[str, int], email: str, path: str, lang: str
) -> None:
    page = as_member(email)
    visit(page, path.format(**ids), lang)
    assert_accessible(page)


def test_practice_form_with_preview_and_errors_has_no_axe_violations(
    as_member: Callable[[str], Page],
) -> None:
    """The states a form only reaches once posted: the Markdown preview, then the error summary."""
    page = as_member(live.delegation_email("FRA"))
    visit(page, "/workspace/practices/new", "fr")
    page.locator("#title").fill("Aperçu")
    page.locator("#body").fill("A **bold** start, a [link](https://example.org) and\n\n- a list")
    page.locator("button[value=preview]").click()
    expect(page.locator("section.preview strong")).to_have_text("bold")
    assert_accessible(page)
    page.locator("#title").fill("")
    page.locator("button[value=save]").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
