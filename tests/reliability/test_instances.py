"""Two app processes and a worker on one database: what one writes the other serves at its next
request, and a report asked of both is made once, by the worker."""

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api import jobs, reports
from api.db import Database
from tests.databases import Seeded, migrated, seed
from tests.reliability.server import NORMBOOK, free_port

http = httpx.Client(timeout=60)  # a loaded machine: answers, not speed, are tested here


def _environment(database: Database, directory: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NORMBOOK_")}
    env.update(
        DATABASE_URL=database.url,
        NORMBOOK_DATABASE_URL=database.url,
        NORMBOOK_SECRET_KEY="instances-test",
        NORMBOOK_QUEUE=f"sqlite:///{directory}/queue.db",
        NORMBOOK_REPORT_CACHE=str(directory / "reports"),
        NORMBOOK_BASE_URL="https://normbook.example.org",
    )
    return env


def _start(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [NORMBOOK, *command], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
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


@pytest.fixture(scope="module")
def instances(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Database, Seeded, list[str]]]:
    database = migrated("instances")
    seeded = seed(database)
    env = _environment(database, tmp_path_factory.mktemp("instances"))
    ports = [free_port(), free_port()]
    processes = [_start(["serve", "--port", str(port)], env) for port in ports]
    processes.append(_start(["worker"], env))
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            _ready(url)
        yield database, seeded, urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        database.dispose()


def test_a_write_on_one_instance_is_served_by_the_other(
    instances: tuple[Database, Seeded, list[str]],
) -> None:
    _, seeded, (first, second) = instances
    headers = seeded.headers("presidency")
    before = http.get(f"{second}/api/v1/norms/13g").json()["title"]
    http.get(f"{second}/norms/13g")  # anything the second instance keeps, it now has
    title = f"{before} (revised)"
    changed = http.patch(f"{first}/api/v1/norms/13g", json={"title_en": title}, headers=headers)
    assert changed.status_code == 200
    assert http.get(f"{second}/api/v1/norms/13g").json()["title"] == title
    assert title in http.get(f"{second}/norms/13g").text


def test_a_report_asked_of_both_instances_is_made_once_by_the_worker(
    instances: tuple[Database, Seeded, list[str]],
) -> None:
    database, seeded, urls = instances
    headers = seeded.headers("presidency")
    made = http.post(
        f"{urls[0]}/api/v1/syntheses", json={"title": "Two instances"}, headers=headers
    )
    assert made.status_code == 202
    job_url = f"{urls[1]}{made.headers['location']}"  # followed on the other instance
    deadline = time.monotonic() + 120
    while (job := http.get(job_url, headers=headers).json())["state"] in {"queued", "running"}:
        assert time.monotonic() < deadline, "the worker did not create the synthesis"
        time.sleep(0.3)
    assert job["state"] == "done", job["error"]
    synthesis = job["synthesis_id"]
    paths = [f"{url}/api/v1/syntheses/{synthesis}/report.md?lang=fr" for url in urls]
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
    assert "https://normbook.example.org" in bodies[0]
    with database.transaction() as session:
        asked = jobs.of_subject(session, reports.subject(synthesis))
    assert [(job.args["fmt"], job.args["lang"], job.state) for job in asked] == [
        ("md", "fr", jobs.JobState.done)
    ]
