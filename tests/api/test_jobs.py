"""A real queue (huey on a SQLite file) and a real `normbook worker`: requests never build a
report, a job runs once however many ask, and the presidency sees its state."""

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import jobs, queue, reports
from api.app import create_app
from api.db import Database
from api.deps import current_settings
from api.settings import Settings, get_settings
from submissions.access import Actor
from submissions.models import Role
from synthesis import service
from synthesis.schemas import SynthesisCreate
from tests.databases import Seeded, migrated, seed
from tests.reliability.server import NORMBOOK


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Seeded, Path]]:
    database = migrated("jobs")
    seeded = seed(database)
    yield database, seeded, tmp_path_factory.mktemp("jobs")
    database.dispose()


@pytest.fixture
def settings(world: tuple[Database, Seeded, Path], monkeypatch: pytest.MonkeyPatch) -> Settings:
    database, _, directory = world
    configured = get_settings()
    for name, value in {
        "database_url": database.url,
        "queue": f"sqlite:///{directory}/queue.db",
        "report_cache": directory / "reports",
        "base_url": "https://normbook.example.org",
    }.items():
        monkeypatch.setattr(configured, name, value)
    return configured


def _draft(database: Database, seeded: Seeded) -> int:
    chair = Actor(user_id=seeded.user_ids["presidency"], role=Role.presidency)
    with database.transaction() as session:
        return service.create(session, chair, SynthesisCreate(title="Jobs")).id or 0


def _worker(settings: Settings) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NORMBOOK_")}
    env.update(
        DATABASE_URL=settings.database_url,
        NORMBOOK_DATABASE_URL=settings.database_url,
        NORMBOOK_SECRET_KEY="jobs-test",
        NORMBOOK_QUEUE=settings.queue,
        NORMBOOK_REPORT_CACHE=str(settings.report_cache),
        NORMBOOK_BASE_URL=settings.base_url,
    )
    return subprocess.Popen(
        [NORMBOOK, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def test_a_report_is_made_by_the_worker_once_however_many_ask(
    world: tuple[Database, Seeded, Path], settings: Settings
) -> None:
    database, seeded, _ = world
    draft = _draft(database, seeded)
    app = create_app(settings)
    app.dependency_overrides[current_settings] = lambda: settings
    client = TestClient(app)
    url = f"/api/v1/syntheses/{draft}/report.md?lang=fr"
    headers = seeded.headers("presidency")
    waiting = [client.get(url, headers=headers) for _ in range(5)]
    assert {answer.status_code for answer in waiting} == {202}
    assert all(answer.headers["retry-after"] for answer in waiting)
    assert waiting[0].json()["state"] == "queued"
    assert queue.get_huey().pending_count() == 1
    with database.transaction() as session:
        asked = jobs.of_subject(session, reports.subject(draft))
    assert [(job.args["fmt"], job.state) for job in asked] == [("md", "queued")]

    worker = _worker(settings)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with database.transaction() as session:
                job = jobs.find(session, asked[0].key)
                assert job is not None
                if job.state in {"done", "failed"}:
                    break
            time.sleep(0.3)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert job.state == "done", job.error
    answer = client.get(url, headers=headers)
    assert answer.status_code == 200
    assert "Bonnes pratiques" in answer.text or "Synthèse" in answer.text
    assert "https://normbook.example.org" in answer.text
    assert [p.name for p in settings.report_cache.iterdir()] == [f"synthesis-{draft}-fr.md"]
    # Sent to the queue again, the job does not run again.
    queue.run(database, asked[0].id or 0)
    with database.transaction() as session:
        assert len(jobs.of_subject(session, reports.subject(draft))) == 1


def test_the_presidency_sees_the_reports_jobs_on_the_drafts_page(
    world: tuple[Database, Seeded, Path], settings: Settings
) -> None:
    database, seeded, _ = world
    draft = _draft(database, seeded)
    app = create_app(settings)
    app.dependency_overrides[current_settings] = lambda: settings
    client = TestClient(app)
    headers = seeded.headers("presidency")
    assert client.get(f"/api/v1/syntheses/{draft}/report.pdf", headers=headers).status_code == 202
    with database.transaction() as session:
        synthesis = service.get(session, Actor(role=Role.presidency), draft)
        shown = reports.current_jobs(session, synthesis)
    assert [(job.args["fmt"], job.args["lang"], job.state) for job in shown] == [
        ("pdf", "en", "queued")
    ]
