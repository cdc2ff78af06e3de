"""SIGKILL the server under concurrent writers, restart it, and find every acknowledged write intact."""

import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import httpx
import pytest
from sqlalchemy import select, text

from api.db import Database
from submissions.models import AuditEntry, Revision, RevisionNorm, Status, Submission
from tests.databases import migrated, seed
from tests.factories import practice_data
from tests.reliability.server import Server

CYCLES = 5
WRITERS = 4
pytestmark = pytest.mark.slow


@dataclass
class Acknowledged:
    """Writes the server answered 2xx to: (submission id, title written)."""

    creates: list[tuple[int, str]] = field(default_factory=list)
    updates: list[tuple[int, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def write_until(
    stop: threading.Event, server: Server, headers: dict[str, str], name: str, acked: Acknowledged
) -> None:
    serial = 0
    with httpx.Client(base_url=server.url, headers=headers, timeout=5) as client:
        while not stop.is_set():
            serial += 1
            title = f"{name} practice {serial}"
            try:
                created = client.post("/api/v1/submissions", json=practice_data(title=title))
                if created.status_code != 201:
                    continue
                id_ = created.json()["id"]
                with acked.lock:
                    acked.creates.append((id_, title))
                edited = client.patch(
                    f"/api/v1/submissions/{id_}",
                    json={"title": f"{title} revised"},
                    headers={"If-Match": created.headers["etag"]},
                )
                if edited.status_code == 200:
                    with acked.lock:
                        acked.updates.append((id_, f"{title} revised"))
            except httpx.TransportError:
                time.sleep(0.05)  # the server is down: keep trying until it is back


def check_consistent(database: Database, acked: Acknowledged) -> None:
    with database.transaction() as session:
        submissions = {s.id: s for s in session.execute(select(Submission)).scalars()}
        revisions = list(session.execute(select(Revision)).scalars())
        titles = {(r.submission_id, r.title) for r in revisions}
        for id_, title in acked.creates + acked.updates:
            assert id_ in submissions, f"acknowledged submission {id_} was lost"
            assert (id_, title) in titles, f"acknowledged write {title!r} was lost"
        by_submission: dict[int, list[Revision]] = defaultdict(list)
        for revision in revisions:
            by_submission[revision.submission_id].append(revision)
        ids = {r.id: r for r in revisions}
        for id_, submission in submissions.items():
            numbers = sorted(r.number for r in by_submission[id_])
            assert numbers == list(range(1, len(numbers) + 1)), f"gap in revisions of {id_}"
            assert ids[submission.current_revision_id].submission_id == id_
            if submission.published_revision_id is not None:
                assert ids[submission.published_revision_id].submission_id == id_
        norms = {row.revision_id for row in session.execute(select(RevisionNorm)).scalars()}
        assert norms == set(ids), "a revision lost its norms"
        audited = {
            e.revision_id
            for e in session.execute(select(AuditEntry)).scalars()
            if e.entity == "submission"
        }
        assert set(ids) <= audited, "a revision was written without an audit entry"
        if database.is_sqlite:
            indexed = set(session.execute(text("SELECT rowid FROM revision_fts")).scalars())
            expected = {s.current_revision_id for s in submissions.values()} | {
                s.published_revision_id for s in submissions.values() if s.published_revision_id
            }
            assert indexed == expected, "the full-text index disagrees with the submissions"
            public = set(session.execute(text("SELECT rowid FROM public_fts")).scalars())
            assert public == {
                id_
                for id_, row in submissions.items()
                if row.published_revision_id and row.status != Status.withdrawn
            }, "the public search index disagrees with the public practices"


def test_sigkill_under_concurrent_writers_loses_no_acknowledged_write() -> None:
    database = migrated("crash")
    seeded = seed(database)
    database.dispose()
    server = Server(database.url)
    acked, stop = Acknowledged(), threading.Event()
    writers = [
        threading.Thread(
            target=write_until,
            args=(stop, server, seeded.headers(key), f"{key}-{n}", acked),
        )
        for n in range(WRITERS // 2)
        for key in ("FRA", "DEU")
    ]
    rng = random.Random(5)
    try:
        server.start()
        for writer in writers:
            writer.start()
        for _ in range(CYCLES):
            time.sleep(rng.uniform(0.5, 1.5))
            server.kill()
            server.start()
        time.sleep(0.5)
    finally:
        stop.set()
        for writer in writers:
            if writer.ident is not None:
                writer.join(timeout=30)
        server.kill()
    print(
        f"{CYCLES} kill cycles, {len(acked.creates)} creates and {len(acked.updates)} edits acknowledged"
    )
    assert len(acked.creates) >= CYCLES
    check_consistent(Database(database.url), acked)
