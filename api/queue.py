"""The job queue: huey, on a SQLite file by default (no server), on Redis for several instances.

`NORMBOOK_QUEUE` names it: `sqlite:///var/queue.db` (the default), `redis://host:6379/0`, or
`inline`, which runs a job in the transaction that first needs its result (tests and scripts
only: there is no worker). The queue carries job ids only; the `job` table says what to do and
whether it is done, so a job sent twice runs once.
"""

import logging
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from api import jobs
from api.db import Database, get_database
from api.deps import pool_of
from api.settings import get_settings
from norms.errors import DomainError

if TYPE_CHECKING:
    from huey import Huey

INLINE = "inline"
log = logging.getLogger("normbook.jobs")


def is_inline() -> bool:
    return get_settings().queue == INLINE


def get_huey() -> "Huey":
    return _huey_for(get_settings().queue)


@cache
def _huey_for(url: str) -> "Huey":
    # Imported when a job is first sent: huey brings redis and psycopg, slow to import at start-up.
    from huey import Huey, RedisHuey, SqliteHuey

    if url.startswith("redis://"):
        return RedisHuey("normbook", url=url)
    if url == INLINE:
        return Huey("normbook", immediate=True)
    path = Path(url.removeprefix("sqlite:///"))
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("normbook", filename=str(path))


@cache
def _task_for(huey: "Huey") -> Any:
    """`run_job` as a task of this queue (the queue is chosen by the settings, not at import)."""
    return huey.task(name="run_job")(run_job)


def database() -> Database:
    settings = get_settings()
    return get_database(settings.database_url, pool_of(settings))


def run(database: Database, job_id: int) -> None:
    """Run one job if it is still queued: claim it, do it, record how it ended."""
    with database.transaction() as session:
        if not jobs.claim(session, job_id):
            return
        row = session.get(jobs.Job, job_id)
        assert row is not None
        name, args = row.name, dict(row.args)

    def progress(fraction: float) -> None:
        _record_progress(database, job_id, fraction)

    try:
        # A job that only reads runs in a deferred transaction, so that on SQLite its progress
        # can be recorded meanwhile; one that writes takes the lock up front, as a request does
        # (a deferred one would fail to write once another connection has).
        with database.session(write=name in jobs.WRITERS) as session, session.begin():
            result = jobs.REGISTRY[name](session, progress, **args)
    except Exception as error:  # recorded for the presidency's pages; the worker goes on
        log.exception("job %s (%s) failed", job_id, name)
        with database.transaction() as session:
            jobs.finish(session, job_id, reason(error))
        raise
    with database.transaction() as session:
        jobs.finish(session, job_id, result=result)


def reason(error: Exception) -> str:
    """What the pages say of a failure: the domain's own sentence, or the kind of error (the
    traceback is in the worker's log)."""
    if isinstance(error, DomainError):
        return error.message
    return f"{type(error).__name__}: {error}"[:500]


def _record_progress(database: Database, job_id: int, fraction: float) -> None:
    """Best effort: on SQLite a job that has begun writing holds the only write lock, and its
    progress waits for its end rather than stall it (PostgreSQL records every step)."""
    if not database.is_sqlite:
        with database.transaction() as session:
            jobs.set_progress(session, job_id, fraction)
        return
    with database.reader.connect() as connection:  # a deferred BEGIN: no lock taken up front
        connection.exec_driver_sql("PRAGMA busy_timeout=50")
        try:
            jobs.set_progress(connection, job_id, fraction)
            connection.commit()
        except OperationalError:
            connection.rollback()
            log.debug("progress of job %s not recorded: the database is busy", job_id)
        finally:
            connection.exec_driver_sql("PRAGMA busy_timeout=30000")
            connection.commit()


def run_here(session: Session, job: jobs.Job) -> None:
    """Inline mode: the job done in the asking transaction, as the worker would do it."""
    job.result = jobs.REGISTRY[job.name](session, lambda fraction: None, **job.args)
    job.state, job.progress = jobs.JobState.done, 1.0
    session.add(job)
    session.flush()


def run_job(job_id: int) -> None:
    run(database(), job_id)


def send(ids: set[int]) -> None:
    """Hand committed jobs to the queue (inline: nothing to hand, the asker runs them)."""
    if is_inline():
        return
    task = _task_for(get_huey())
    for job_id in sorted(ids):
        task(job_id)


def consumer_tasks() -> None:
    """Register the task with this process's queue before a consumer starts."""
    _task_for(get_huey())


jobs.on_commit(send)
