"""Keyboard use: a skip link first, a visible focus on every control, a login without a mouse."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import live

pytestmark = pytest.mark.browser

FOCUS = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    name: element.tagName.toLowerCase() + ' ' + (element.textContent || element.name || '').trim().slice(0, 40),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shown: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight,
  };
}"""


def test_visitor_skips_to_the_main_content_with_the_first_tab(page: Page) -> None:
    page.goto("/norms")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    assert page.evaluate(FOCUS)["shown"], "the skip link stays off screen when focused"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


@pytest.mark.parametrize("path", ["/", "/search?q=incident&lang=fr", "/login"])
def test_every_control_shows_where_the_focus_is(page: Page, path: str) -> None:
    page.goto(path)
    seen: list[str] = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if focus["name"].startswith("body"):
            break
        assert focus["outline"], f"no visible focus on {focus['name']!r} of {path}"
        assert focus["shown"], f"{focus['name']!r} of {path} has the focus but is off screen"
        seen.append(focus["name"])
    assert len(seen) >= 5, f"the keyboard reached only {seen} on {path}"


def test_delegation_logs_in_with_the_keyboard_alone(page: Page) -> None:
    page.goto("/login")
    email = page.get_by_label("E-mail")
    for _ in range(20):
        page.keyboard.press("Tab")
        if email.evaluate("element => element === document.activeElement"):
            break
    expect(email).to_be_focused()
    page.keyboard.type(live.delegation_email("DEU"))
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(live.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/workspace$"))
    expect(page.get_by_role("status")).to_contain_text("You are logged in.")
