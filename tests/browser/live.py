"""A real Normbook server with the demo data, and Debian's Chromium driven by Playwright.

Shared by the browser tests and `scripts/screenshots.py`; it imports nothing from the test suite, so it
starts no test database of its own.
"""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from api import demo, migrate
from api.db import Database
from norms import catalogue

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "normbook-demo"
PRESIDENCY = "presidency@demo.normbook.org"


def delegation_email(code: str) -> str:
    return f"{code.lower()}@demo.normbook.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def temporary_sqlite_url() -> str:
    return f"sqlite:///{tempfile.mkdtemp(prefix='normbook-browser-')}/normbook.db"


@dataclass(frozen=True)
class Server:
    base_url: str
    database_url: str

    def url(self, path: str) -> str:
        return self.base_url + path


def _environment(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NORMBOOK_")}
    env.update(
        DATABASE_URL=database_url,
        NORMBOOK_DATABASE_URL=database_url,
        NORMBOOK_SECRET_KEY=secrets.token_urlsafe(32),
        # the journeys may mistype a password; the throttle stays on, just not in their way
        NORMBOOK_LOGIN_ATTEMPTS="50",
        NORMBOOK_LOGIN_ADDRESS_ATTEMPTS="200",
        # no worker beside the live server: the syntheses the journeys need are made as asked
        NORMBOOK_QUEUE="inline",
    )
    return env


def prepare(database_url: str) -> None:
    """What `normbook db upgrade` then `normbook demo` do, in this process to spare two start-ups."""
    database = Database(database_url)
    try:
        migrate.upgrade(database.writer)
        with database.transaction() as session:
            catalogue.load(session)
        with database.transaction() as session:
            demo.load(session, DEMO_PASSWORD)
    finally:
        database.dispose()


def _wait_ready(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(base_url + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server was not ready in 60 s:\n{log.read_text(errors='replace')}")


@contextmanager
def serve(database_url: str) -> Iterator[Server]:
    """Serve an empty database on a free port of 127.0.0.1, once migrated and loaded with the demo data."""
    env = _environment(database_url)
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="normbook-server-", suffix=".log")[1])
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "api", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        prepare(database_url)  # while the server imports the application
        _wait_ready(process, base_url, log)
        yield Server(base_url, database_url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.unlink(missing_ok=True)


def launch(playwright: Any) -> Any:
    """Headless Debian Chromium: never a browser downloaded by Playwright."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def log_in(page: Any, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the form, as a person would: the fields are found by their labels."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def make_syntheses(server: Server) -> dict[str, int]:
    """A published synthesis of the demo data and a draft, made through the API."""
    token = httpx.post(
        server.url("/api/v1/auth/token"),
        data={"username": PRESIDENCY, "password": DEMO_PASSWORD},
        timeout=10,
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    made = {}
    for name in ("synthesis", "draft"):
        title = {"synthesis": "Synthesis of the demo cycle", "draft": "Draft synthesis"}[name]
        response = httpx.post(
            server.url("/api/v1/syntheses"), json={"title": title}, headers=headers, timeout=60
        )
        response.raise_for_status()
        made[name] = int(response.json()["synthesis_id"])
    published = httpx.post(
        server.url(f"/api/v1/syntheses/{made['synthesis']}/publish"), headers=headers, timeout=10
    )
    published.raise_for_status()
    return made
