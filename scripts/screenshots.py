"""Full-page screenshots of the main pages in English and French, on a fresh demo database.

    .venv/bin/python scripts/screenshots.py [--out out/screenshots] [--width 1280]

Starts the server exactly as the browser tests do (a temporary SQLite file, migrated, demo data loaded),
drives Debian's Chromium, and writes one PNG per page and language, plus a narrow-screen set.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

from tests.browser import live  # noqa: E402

PUBLIC = {
    "home": "/",
    "norms": "/norms",
    "norm-13g": "/norms/13g",
    "participants": "/participants",
    "participant-fra": "/participants/FRA",
    "practice": "/practices/{practice}",
    "search": "/search?q=incident",
    "coverage": "/coverage",
    "syntheses": "/syntheses",
    "synthesis": "/syntheses/{synthesis}",
    "open-data": "/data",
    "login": "/login",
    "not-found": "/no-such-page",
}
DELEGATION = {
    "workspace": "/workspace",
    "workspace-new": "/workspace/practices/new",
    "workspace-edit": "/workspace/practices/{own}/edit",
}
PRESIDENCY = {
    "review-queue": "/review",
    "review": "/review/{submitted}",
    "admin-users": "/admin/users",
    "admin-syntheses": "/admin/syntheses",
    "synthesis-new": "/admin/syntheses/new",
    "synthesis-draft": "/admin/syntheses/{draft}",
}
NARROW = ["home", "norm-13g", "practice", "search", "coverage"]


def first_id(server: live.Server, query: str, token: str | None = None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    listing = httpx.get(
        server.url(f"/api/v1/submissions?page_size=1&{query}"), headers=headers, timeout=10
    ).json()
    return int(listing["items"][0]["id"])


def demo_ids(server: live.Server) -> dict[str, int]:
    token = httpx.post(
        server.url("/api/v1/auth/token"),
        data={"username": live.PRESIDENCY, "password": live.DEMO_PASSWORD},
        timeout=10,
    ).json()["access_token"]
    return {
        "practice": first_id(server, "status=published"),
        "own": first_id(server, "status=published&participant=FRA"),
        "submitted": first_id(server, "status=submitted", token),
        **live.make_syntheses(server),
    }


def shoot(page: Page, path: str, lang: str, target: Path) -> str:
    separator = "&" if "?" in path else "?"
    response = page.goto(f"{path}{separator}lang={lang}")
    page.screenshot(path=str(target), full_page=True)
    return f"{response.status if response else '?'} {target.relative_to(ROOT)}"


def session_page(browser: Browser, server: live.Server, width: int, email: str | None) -> Page:
    context = browser.new_context(
        base_url=server.base_url, viewport={"width": width, "height": 900}, locale="en-GB"
    )
    page = context.new_page()
    if email:
        live.log_in(page, email)
    return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "screenshots")
    parser.add_argument("--width", type=int, default=1280)
    arguments = parser.parse_args()
    out: Path = arguments.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with live.serve(live.temporary_sqlite_url()) as server, sync_playwright() as playwright:
        browser = live.launch(playwright)
        ids = demo_ids(server)
        runs = [
            (None, PUBLIC, arguments.width, ""),
            (live.delegation_email("FRA"), DELEGATION, arguments.width, ""),
            (live.PRESIDENCY, PRESIDENCY, arguments.width, ""),
            (None, {k: PUBLIC[k] for k in NARROW}, 390, "-narrow"),
        ]
        for email, pages, width, suffix in runs:
            page = session_page(browser, server, width, email)
            for lang in ("en", "fr"):
                for name, path in pages.items():
                    target = out / f"{lang}-{name}{suffix}.png"
                    print(shoot(page, path.format(**ids), lang, target), flush=True)
            page.context.close()
        browser.close()
    print(f"screenshots in {out} ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
