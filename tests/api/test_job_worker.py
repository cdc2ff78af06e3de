"""Creating a synthesis and preparing a published practice on a real queue: a SQLite file (no
server) and Redis, with a real `normbook worker`. Requests only queue the work; a job runs once
however many ask; the presidency follows it, and a failed one says why."""

import socket
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlmodel import select

from api import jobs, mailer, publication, queue
from api.app import create_app
from api.db import Database
from api.deps import current_settings
from api.settings import Settings, get_settings
from norms.errors import Invalid
from submissions import point_vectors, vectors
from submissions.models import Cycle, Origin, RevisionTranslation, Status, Submission
from tests.api.test_jobs import _worker
from tests.conftest import PASSWORD
from tests.databases import Seeded, migrated, seed
from tests.translation_server import libretranslate
from tests.web.conftest import post_form
from tests.web.test_notifications import Inbox

__all__ = ["libretranslate"]  # the fixture
REDIS = "redis://127.0.0.1:6379/11"  # a database of its own: other suites' workers never see ours


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Seeded, Path]]:
    database = migrated("jobworker")
    seeded = seed(database)
    yield database, seeded, tmp_path_factory.mktemp("jobworker")
    database.dispose()


def configure(
    monkeypatch: pytest.MonkeyPatch, database: Database, directory: Path, queue_url: str
) -> Settings:
    configured = get_settings()
    for name, value in {
        "database_url": database.url,
        "queue": queue_url,
        "report_cache": directory / "reports",
        "translation": "",
        "smtp_url": "",
    }.items():
        monkeypatch.setattr(configured, name, value)
    return configured


@pytest.fixture(params=["sqlite", "redis"])
def settings(
    request: pytest.FixtureRequest,
    world: tuple[Database, Seeded, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    database, _, directory = world
    url = f"sqlite:///{directory}/queue.db" if request.param == "sqlite" else REDIS
    configured = configure(monkeypatch, database, directory, url)
    queue.get_huey().flush()  # nothing left from an earlier run
    return configured


def client_for(settings: Settings) -> TestClient:
    app = create_app(settings)
    app.dependency_overrides[current_settings] = lambda: settings
    return TestClient(app)


def wait_for(database: Database, job_id: int, seconds: float = 180) -> jobs.Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with database.transaction() as session:
            job = session.get(jobs.Job, job_id)
            assert job is not None
            if job.state in {jobs.JobState.done, jobs.JobState.failed}:
                return job
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} still {job.state}")


def web_login(client: TestClient, seeded: Seeded) -> None:
    data = {"email": seeded.emails["presidency"], "password": PASSWORD}
    assert post_form(client, "/login", "/login", data).status_code == 303


def test_a_synthesis_is_created_by_the_worker_once_however_many_ask(
    world: tuple[Database, Seeded, Path], settings: Settings
) -> None:
    database, seeded, _ = world
    client = client_for(settings)
    headers = seeded.headers("presidency")
    body = {"title": f"Made by the worker on {settings.queue[:6]}"}
    asked = [client.post("/api/v1/syntheses", json=body, headers=headers) for _ in range(3)]
    assert {answer.status_code for answer in asked} == {202}
    assert len({answer.json()["id"] for answer in asked}) == 1
    job_id = asked[0].json()["id"]
    assert asked[0].headers["location"] == f"/api/v1/jobs/{job_id}"
    assert asked[0].json()["state"] == "queued" and asked[0].json()["synthesis_id"] is None
    assert queue.get_huey().pending_count() == 1

    web_login(client, seeded)
    waiting = client.get(f"/admin/jobs/{job_id}")
    assert "data-refresh=" in waiting.text and "Waiting" in waiting.text
    # reloads through a script with a stop button, never a meta refresh (WCAG 2.2.1, axe meta-refresh)
    assert "http-equiv" not in waiting.text and "Stop refreshing" in waiting.text
    # the number is the job's, never taken for the synthesis's
    assert f"<h1>Job {job_id}: Creating a synthesis</h1>" in waiting.text
    listed = client.get("/admin/jobs", headers={"Accept-Language": "fr"})
    assert f"/admin/jobs/{job_id}" in listed.text
    assert f"Tâche {job_id}\u00a0: " in listed.text

    worker = _worker(settings)
    try:
        job = wait_for(database, job_id)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert job.state == "done", job.error
    made = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
    assert made["progress"] == 1.0 and made["synthesis_id"]
    draft = client.get(f"/api/v1/syntheses/{made['synthesis_id']}", headers=headers).json()
    assert draft["title"] == body["title"] and draft["practices"] >= 1
    page = client.get(f"/admin/jobs/{job_id}")
    assert "data-refresh=" not in page.text
    assert f'href="/admin/syntheses/{made["synthesis_id"]}"' in page.text

    again = client.post("/api/v1/syntheses", json=body, headers=headers)
    assert again.json()["id"] != job_id  # done: asking again makes another draft


def test_the_web_form_follows_the_job_until_the_draft_exists(
    world: tuple[Database, Seeded, Path], settings: Settings
) -> None:
    database, seeded, _ = world
    client = client_for(settings)
    web_login(client, seeded)
    sent = post_form(client, "/admin/syntheses/new", "/admin/syntheses", {"title": "From the form"})
    assert sent.status_code == 303
    assert sent.headers["location"].startswith("/admin/jobs/")
    page = client.get(sent.headers["location"], headers={"Accept-Language": "fr"})
    assert "En attente" in page.text and "data-refresh=" in page.text
    assert "Arrêter l’actualisation" in page.text
    job_id = int(sent.headers["location"].rsplit("/", 1)[1])
    queue.run(database, job_id)  # what the worker does with it
    assert "/admin/syntheses/" in client.get(sent.headers["location"]).text


def test_a_failed_creation_says_why_on_its_page(
    world: tuple[Database, Seeded, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, seeded, directory = world
    settings = configure(monkeypatch, database, directory, f"sqlite:///{directory}/queue.db")
    with database.transaction() as session:
        session.add(
            Cycle(
                code="gone-2027",
                title_en="Gone",
                title_fr="Disparu",
                presiding_code="DEU",
                opens_on=date(2027, 1, 1),
                closes_on=date(2027, 12, 31),
            )
        )
    client = client_for(settings)
    body = {"title": "Of a cycle about to go", "cycle": "gone-2027"}
    job_id = client.post("/api/v1/syntheses", json=body, headers=seeded.headers("presidency"))
    with database.transaction() as session:
        session.exec(delete(Cycle).where(Cycle.code == "gone-2027"))  # type: ignore[call-overload]
    with pytest.raises(Invalid):
        queue.run(database, job_id.json()["id"])
    web_login(client, seeded)
    page = client.get(f"/admin/jobs/{job_id.json()['id']}")
    assert "The job failed" in page.text and "gone-2027" in page.text
    assert "Traceback" not in page.text and "data-refresh=" not in page.text


def test_a_published_practice_is_prepared_by_its_job_not_by_the_request(
    world: tuple[Database, Seeded, Path], monkeypatch: pytest.MonkeyPatch, libretranslate: str
) -> None:
    database, seeded, directory = world
    settings = configure(monkeypatch, database, directory, f"sqlite:///{directory}/queue.db")
    client = client_for(settings)
    headers = seeded.headers("presidency")
    submission_id = seeded.submissions["DEU", Status.submitted]
    published = client.post(f"/api/v1/submissions/{submission_id}/publish", headers=headers)
    assert published.status_code == 200, published.text
    with database.transaction() as session:
        submission = session.get(Submission, submission_id)
        assert submission is not None
        revision_id = submission.published_revision_id or 0
        assert not point_vectors.is_kept(session, revision_id)
        assert not vectors.is_kept(session, revision_id)
        job = jobs.find(session, f"{publication.NAME}:{revision_id}")
        assert job is not None and job.state == "queued"
    # Until the job has run, the practice is found by its words.
    title = published.json()["title"]
    found = client.get("/api/v1/submissions", params={"q": title.split()[-1]})
    assert submission_id in [item["id"] for item in found.json()["items"]]

    monkeypatch.setattr(settings, "translation", f"libretranslate:{libretranslate}")
    queue.run(database, job.id or 0)
    with database.transaction() as session:
        assert point_vectors.is_kept(session, revision_id)
        assert vectors.is_kept(session, revision_id)
        done = session.get(jobs.Job, job.id)
        assert done is not None and done.state == "done"
        assert done.result == {"encoded": 1, "drafted": done.result["drafted"]}
        assert done.result["drafted"] >= 2
        drafts = session.exec(
            select(RevisionTranslation).where(RevisionTranslation.revision_id == revision_id)
        ).one()
        assert set(drafts.origin.values()) == {Origin.machine.value}
        assert drafts.title.startswith("[fr] ")


def test_with_a_queue_mail_is_sent_by_a_job_after_the_commit(
    world: tuple[Database, Seeded, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, seeded, directory = world
    settings = configure(monkeypatch, database, directory, f"sqlite:///{directory}/queue.db")
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        monkeypatch.setattr(settings, "smtp_url", f"smtp://127.0.0.1:{port}")
        client = client_for(settings)
        submission_id = seeded.submissions["FRA", Status.submitted]
        path = f"/api/v1/submissions/{submission_id}/publish"
        assert client.post(path, headers=seeded.headers("presidency")).status_code == 200
        with database.transaction() as session:
            [job] = [job for job in jobs.latest(session) if job.name == mailer.NAME]
            assert job.state == "queued" and job.args["mails"][0]["to"] == seeded.emails["FRA"]
        time.sleep(0.3)
        assert inbox.messages == []  # nothing sent by the request itself
        queue.run(database, job.id or 0)  # what the worker does with it
        [mail] = inbox.wait_for(1)
        assert mail["To"] == seeded.emails["FRA"]
        assert str(mail["Subject"]).startswith("Your practice is published")
        assert wait_for(database, job.id or 0).result == {"sent": 1}
    finally:
        server.stop()


def as_of(database: Database, job_id: int) -> str:
    with database.transaction() as session:
        job = session.get(jobs.Job, job_id)
        assert job is not None
        return str(job.args["data"]["as_of"])


def test_a_failed_job_asked_again_runs_again_as_asked_now(
    world: tuple[Database, Seeded, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, seeded, directory = world
    settings = configure(monkeypatch, database, directory, f"sqlite:///{directory}/queue.db")
    client = client_for(settings)
    headers = seeded.headers("presidency")
    body = {"title": "Failed once"}
    first = client.post("/api/v1/syntheses", json=body, headers=headers).json()
    before = as_of(database, first["id"])
    with database.transaction() as session:
        jobs.finish(session, first["id"], "the worker stopped")
    time.sleep(0.01)
    again = client.post("/api/v1/syntheses", json=body, headers=headers).json()
    assert again["id"] == first["id"] and again["state"] == "queued" and again["error"] is None
    assert as_of(database, first["id"]) > before  # practices as published at the new request
    queue.run(database, first["id"])
    assert wait_for(database, first["id"]).result is not None
