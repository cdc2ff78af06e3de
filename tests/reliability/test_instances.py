"""Two app processes and a worker on one database: what one writes the other serves at its next
request, the login throttle counts the guesses made at both, and a report asked of both is made
once, by the worker.

Two stacks run the same tests: app processes with a queue in a SQLite file, and the services of
`docker-compose.yml` run as it describes them (its commands, environment and shared report volume)
on this machine's PostgreSQL and Redis in place of its `db` and `redis` containers.
"""

import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import yaml

from api import jobs, reports
from api.db import Database
from tests.conftest import PASSWORD
from tests.databases import Seeded, fresh_url, is_postgres, migrated, seed
from tests.reliability.server import NORMBOOK, free_port

http = httpx.Client(timeout=60)  # a loaded machine: answers, not speed, are tested here
COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
BASE_URL = "https://normbook.example.org"


@dataclass
class Stack:
    database: Database
    seeded: Seeded
    urls: list[str]


def _start(command: list[str], env: dict[str, str], cwd: Path, log: str) -> subprocess.Popen[bytes]:
    with (cwd / f"{log}.log").open("wb") as out:
        return subprocess.Popen(
            [NORMBOOK, *command[1:]] if command[0] == "normbook" else command,
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _ready(url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not start")


def _clean_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("NORMBOOK_", "DATABASE_"))}


def _file_queue_stack(directory: Path) -> tuple[Database, list[subprocess.Popen[bytes]], list[str]]:
    database = migrated("instances")
    env = _clean_environment() | {
        "DATABASE_URL": database.url,
        "NORMBOOK_SECRET_KEY": "instances-test",
        "NORMBOOK_QUEUE": f"sqlite:///{directory}/queue.db",
        "NORMBOOK_REPORT_CACHE": str(directory / "reports"),
        "NORMBOOK_BASE_URL": BASE_URL,
    }
    ports = [free_port(), free_port()]
    processes = [
        _start(["normbook", "serve", "--port", str(port)], env, directory, f"app{port}")
        for port in ports
    ]
    processes.append(_start(["normbook", "worker"], env, directory, "worker"))
    return database, processes, [f"http://127.0.0.1:{port}" for port in ports]


def _interpolated(value: str, variables: dict[str, str]) -> str:
    """Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?message}`."""

    def one(match: re.Match[str]) -> str:
        name, kind, rest = match.group(1), match.group(2), match.group(3)
        if name in variables:
            return variables[name]
        assert kind == ":-", f"docker-compose.yml needs {name}: {rest}"
        return rest

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", one, value)


def _service_environment(
    service: dict[str, Any], database_url: str, redis_db: int
) -> dict[str, str]:
    """The service's environment, its `db` and `redis` hosts replaced by this machine's."""
    variables = {"NORMBOOK_SECRET_KEY": "compose-test", "NORMBOOK_BASE_URL": BASE_URL}
    env = {k: _interpolated(str(v), variables) for k, v in service["environment"].items()}
    named = urlsplit(env["DATABASE_URL"])
    assert (named.hostname, named.port) == ("db", 5432)
    local = urlsplit(database_url)
    # The compose file's own scheme is kept: the app must accept it as written.
    env["DATABASE_URL"] = f"{named.scheme}://{local.netloc}{local.path}"
    assert env["NORMBOOK_QUEUE"].startswith("redis://redis:6379/")
    env["NORMBOOK_QUEUE"] = f"redis://127.0.0.1:6379/{redis_db}"
    return _clean_environment() | env


def _compose_stack(directory: Path) -> tuple[Database, list[subprocess.Popen[bytes]], list[str]]:
    if not is_postgres():
        pytest.skip("docker-compose.yml runs PostgreSQL: run with DATABASE_URL=postgresql://…")
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    url = fresh_url("compose")  # empty: the compose file's `migrate` service makes the schema
    redis_db = random.randint(8, 15)  # a Redis database of its own, as a stack's Redis would be
    # The working directory stands for the image's /app: var/reports there is the shared volume.
    assert "reports:/app/var/reports" in services["app"]["volumes"]
    migrate = services["migrate"]
    finished = subprocess.run(
        [NORMBOOK, *migrate["command"][1:]],
        env=_service_environment(migrate, url, redis_db),
        cwd=directory,
        capture_output=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    app, worker = services["app"], services["worker"]
    processes, urls = [], []
    for replica in range(app["deploy"]["replicas"]):
        port = free_port()
        command = [
            {"0.0.0.0": "127.0.0.1", "8000": str(port)}.get(part, part) for part in app["command"]
        ]
        env = _service_environment(app, url, redis_db)
        processes.append(_start(command, env, directory, f"app{replica}"))
        urls.append(f"http://127.0.0.1:{port}")
    env = _service_environment(worker, url, redis_db)
    processes.append(_start(worker["command"], env, directory, "worker"))
    for healthcheck_url in urls:  # the compose healthcheck, run against each replica
        _ready(healthcheck_url)
        check = [
            sys.executable if part == "python" else part for part in app["healthcheck"]["test"][1:]
        ]
        check = [
            part.replace("127.0.0.1:8000", healthcheck_url.removeprefix("http://"))
            for part in check
        ]
        assert subprocess.run(check, check=False, capture_output=True).returncode == 0
    return Database(url), processes, urls


@pytest.fixture(scope="module", params=["file queue", "docker-compose.yml"])
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    directory = tmp_path_factory.mktemp("instances")
    build = _file_queue_stack if request.param == "file queue" else _compose_stack
    database, processes, urls = build(directory)
    try:
        seeded = seed(database)
        for url in urls:
            _ready(url)
        yield Stack(database, seeded, urls)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        database.dispose()


def test_a_write_on_one_instance_is_served_by_the_other(stack: Stack) -> None:
    first, second = stack.urls
    headers = stack.seeded.headers("presidency")
    before = http.get(f"{second}/api/v1/norms/13g").json()["title"]
    http.get(f"{second}/norms/13g")  # anything the second instance keeps, it now has
    title = f"{before} (revised)"
    changed = http.patch(f"{first}/api/v1/norms/13g", json={"title_en": title}, headers=headers)
    assert changed.status_code == 200
    assert http.get(f"{second}/api/v1/norms/13g").json()["title"] == title
    assert title in http.get(f"{second}/norms/13g").text


def test_the_login_throttle_counts_the_guesses_made_at_both_instances(stack: Stack) -> None:
    email = stack.seeded.emails["spare"]
    first, second = stack.urls

    def login(url: str, password: str = "wrong-password-1") -> int:
        form = {"username": email, "password": password}
        return http.post(f"{url}/api/v1/auth/token", data=form).status_code

    # Five guesses allowed per account (the default), made alternately at the two instances.
    guesses = [login(stack.urls[n % 2]) for n in range(5)]
    assert guesses == [401] * 5
    assert login(first) == 429 and login(second) == 429
    assert login(second, PASSWORD) == 429  # even the right password waits for the window


def test_a_report_asked_of_both_instances_is_made_once_by_the_worker(stack: Stack) -> None:
    headers = stack.seeded.headers("presidency")
    made = http.post(
        f"{stack.urls[0]}/api/v1/syntheses", json={"title": "Two instances"}, headers=headers
    )
    assert made.status_code == 202
    job_url = f"{stack.urls[1]}{made.headers['location']}"  # followed on the other instance
    deadline = time.monotonic() + 120
    while (job := http.get(job_url, headers=headers).json())["state"] in {"queued", "running"}:
        assert time.monotonic() < deadline, "the worker did not create the synthesis"
        time.sleep(0.3)
    assert job["state"] == "done", job["error"]
    synthesis = job["synthesis_id"]
    paths = [f"{url}/api/v1/syntheses/{synthesis}/report.md?lang=fr" for url in stack.urls]
    answers = [http.get(path, headers=headers) for path in paths * 3]
    assert {answer.status_code for answer in answers} <= {200, 202}
    deadline = time.monotonic() + 120
    bodies: list[str] = []
    while time.monotonic() < deadline and len(bodies) < 2:
        bodies = []
        for path in paths:
            answer = http.get(path, headers=headers)
            if answer.status_code == 200:
                bodies.append(answer.text)
        time.sleep(0.3)
    assert len(bodies) == 2, "the worker did not make the report"
    assert bodies[0] == bodies[1]
    assert BASE_URL in bodies[0]
    with stack.database.transaction() as session:
        asked = jobs.of_subject(session, reports.subject(synthesis))
    assert [(job.args["fmt"], job.args["lang"], job.state) for job in asked] == [
        ("md", "fr", jobs.JobState.done)
    ]
