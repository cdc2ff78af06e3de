"""Background jobs: work that takes more than a second runs in `normbook worker`, never in a request.

A job is a row (`Job`) and a registered function. Its key makes it run once however many
requests ask for it; its state and progress are kept in the row, which every instance reads. To
add one:

    @jobs.job("embed_revision")
    def embed_revision(session: Session, progress: Progress, revision_id: int) -> None: ...

and, in the transaction that makes the work necessary,

    jobs.enqueue_after_commit(session, "embed_revision", f"embed:{rid}", revision_id=rid)

The row is written in that transaction; the queue hears of it only once it commits, so a
rolled-back request leaves no job behind. The queue itself is huey (`api/queue.py`).
"""

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, String, cast, event, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlmodel import Field, Session, SQLModel, col, select

from norms.models import utcnow

PENDING = "normbook_jobs"  # session.info key: ids to hand to the queue once committed


class JobState(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class Job(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    name: str = Field(max_length=60)
    subject: str = Field(max_length=60, index=True)  # what the pages group jobs by ("synthesis:3")
    args: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    state: str = Field(default=JobState.queued, max_length=12, index=True)
    progress: float = 0.0
    error: str | None = None  # a sentence a person can read
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


Progress = Callable[[float], None]
Work = Callable[..., dict[str, Any] | None]  # returns what it made, kept as `result`
REGISTRY: dict[str, Work] = {}
WRITERS: set[str] = set()  # jobs that write: on SQLite they take the write lock up front


def job(name: str, writes: bool = False) -> Callable[[Work], Work]:
    """Register `function(session, progress, **args)` as the job `name`; what it returns is the
    job's `result`."""

    def register(function: Work) -> Work:
        REGISTRY[name] = function
        if writes:
            WRITERS.add(name)
        return function

    return register


def _insert(session: Session, name: str, key: str, subject: str, args: dict[str, Any]) -> bool:
    """The job's row unless one with its key exists (also when another transaction races us);
    whether it was written."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    values = {
        "key": key,
        "name": name,
        "subject": subject,
        "args": args,
        "state": JobState.queued,
        "progress": 0.0,
        "created_at": now,
        "updated_at": now,
    }
    statement = insert(Job).values(**values).on_conflict_do_nothing(index_elements=["key"])
    return session.execute(statement.returning(col(Job.id))).first() is not None


def enqueue_after_commit(
    session: Session, name: str, key: str, subject: str = "", again: bool = False, **args: Any
) -> Job:
    """Ask for the job `name` in this transaction; the worker hears of it once it commits.

    A job whose key exists is not asked again while it waits or runs; a failed one is, from the
    start, and with `again` a done one too (as a new job: the done one keeps what it made)."""
    if name not in REGISTRY:
        raise KeyError(f"no job named {name!r}")
    if again:
        _retire_done(session, key)
    is_new = _insert(session, name, key, subject, args)
    found = session.exec(select(Job).where(Job.key == key)).one()
    if found.state == JobState.failed:
        found.state, found.progress, found.error, found.updated_at = "queued", 0.0, None, utcnow()
        found.args = args  # as asked now (a creation's `as_of` is this request's moment)
        session.add(found)
        session.flush()
        is_new = True
    if is_new:  # the queue carries each job once; one already waiting is not sent again
        session.info.setdefault(PENDING, set()).add(found.id)
    return found


def _retire_done(session: Session, key: str) -> None:
    """Free the key of a done job, so that asking again makes a new one."""
    session.execute(
        update(Job)
        .where(Job.key == key, Job.state == JobState.done)  # type: ignore[arg-type]
        .values(key=col(Job.key) + "#" + cast(col(Job.id), String))
    )


def find(session: Session, key: str) -> Job | None:
    return session.exec(select(Job).where(Job.key == key)).first()


def of_subject(session: Session, subject: str) -> list[Job]:
    return list(session.exec(select(Job).where(Job.subject == subject).order_by(Job.id)))  # type: ignore[arg-type]


def counts(session: Session) -> dict[str, int]:
    rows = session.exec(select(Job.state, func.count()).group_by(Job.state))
    return dict(rows.all())


def claim(session: Session, job_id: int) -> bool:
    """Take a queued job for this worker; False when another has it or it is done."""
    result = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == JobState.queued)  # type: ignore[arg-type]
        .values(state=JobState.running, updated_at=utcnow())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def finish(
    session: Session, job_id: int, error: str | None = None, result: dict[str, Any] | None = None
) -> None:
    state = JobState.failed if error else JobState.done
    session.execute(
        update(Job)
        .where(Job.id == job_id)  # type: ignore[arg-type]
        .values(
            state=state,
            progress=1.0 if error is None else Job.progress,
            error=error,
            result=result,
            updated_at=utcnow(),
        )
    )


def latest(session: Session, limit: int = 100) -> list[Job]:
    """The most recently changed jobs first: what the presidency's jobs page lists."""
    query = select(Job).order_by(col(Job.updated_at).desc(), col(Job.id).desc()).limit(limit)
    return list(session.exec(query))


def set_progress(session: Session | Connection, job_id: int, fraction: float) -> None:
    session.execute(
        update(Job)
        .where(Job.id == job_id)  # type: ignore[arg-type]
        .values(progress=max(0.0, min(1.0, fraction)), updated_at=utcnow())
    )


# The queue is told once the transaction that asked for the job commits, never before.
_after_commit: list[Callable[[set[int]], None]] = []


def on_commit(send: Callable[[set[int]], None]) -> None:
    """Register how committed job ids reach the queue (`api/queue.py` does, once)."""
    if send not in _after_commit:
        _after_commit.append(send)


@event.listens_for(Session, "after_commit")
def _send(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if pending:
        for send in _after_commit:
            send(pending)


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(PENDING, None)
