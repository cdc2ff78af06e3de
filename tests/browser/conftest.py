"""A live server on a fresh database with the demo data, one headless Chromium, a new context per test."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from sqlalchemy import create_engine, text

from tests.browser import live
from tests.databases import fresh_url, is_postgres


def _drop(url: str) -> None:
    base, _, name = url.rpartition("/")
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def live_server() -> Iterator[live.Server]:
    if not live.AXE.is_file():
        pytest.fail("axe-core is missing: run ./scripts/install-browser-deps (or `make test`)")
    url = fresh_url("browser")
    try:
        with live.serve(url) as server:
            yield server
    finally:
        if is_postgres():
            _drop(url)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = live.launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(
    browser: Browser, live_server: live.Server
) -> Iterator[Callable[..., BrowserContext]]:
    """Contexts are separate visitors: their own cookies, their own language."""
    made: list[BrowserContext] = []

    def make(locale: str = "en-GB", **options: Any) -> BrowserContext:
        context = browser.new_context(base_url=live_server.base_url, locale=locale, **options)
        context.set_default_timeout(10_000)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()
