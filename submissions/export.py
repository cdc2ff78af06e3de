"""Published practices as open data: one flat record per practice, norms and themes joined."""

from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import and_, func, true
from sqlmodel import Session, col, select

from submissions import present
from submissions.access import ANONYMOUS, public_clause
from submissions.models import Revision, Submission

FIELDS = (
    "id",
    "url",
    "participant",
    "title",
    "summary",
    "norms",
    "themes",
    "language",
    "practice_type",
    "level",
    "implementation_status",
    "lead_agency",
    "period_start",
    "period_end",
    "cycle",
    "revision",
    "published_at",
    "references",
    "body",
    "best_practices",
    "lessons_learned",
)
BATCH = 300  # rows read per query: an export holds one batch at a time, whatever its size
COUNTED = 10_000  # ids per counting query (SQLite takes at most 32,766 parameters)


def count(session: Session, ids: list[int] | None = None) -> int:
    """How many practices `published` yields for `ids` (None: every published one)."""
    slices = [None] if ids is None else [ids[i : i + COUNTED] for i in range(0, len(ids), COUNTED)]
    query = select(func.count()).select_from(Submission)
    return sum(int(session.exec(query.where(_published(part))).one()) for part in slices)


def published(
    sessions: Callable[[], AbstractContextManager[Session]],
    base_url: str,
    ids: list[int] | None = None,
    size: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Every published practice (or those of `ids`) in id order, as the public sees it (anonymised
    ones unattributed), read `size` at a time by id, each batch in a short session of its own."""
    size = size or BATCH
    wanted = sorted(ids) if ids is not None else None
    after = 0
    while True:
        chunk = None
        if wanted is not None:  # the next slice of the sorted ids, so the IN list stays short
            start = bisect_right(wanted, after)
            chunk = wanted[start : start + size]
            if not chunk:
                return
        with sessions() as session:
            records = batch(session, base_url, after, size, chunk)
        yield from records
        if chunk is not None:
            after = chunk[-1]
        elif len(records) < size:
            return
        else:
            after = records[-1]["id"]


def batch(
    session: Session, base_url: str, after: int, size: int, ids: list[int] | None = None
) -> list[dict[str, Any]]:
    """At most `size` published practices with an id above `after` (among `ids`, if given)."""
    cycles = present.cycle_codes(session)
    query = (
        select(Submission, Revision)
        .join(Revision, col(Revision.id) == Submission.published_revision_id)
        .where(_published(ids))
        .where(col(Submission.id) > after)
        .order_by(col(Submission.id))
        .limit(size)
    )
    rows = session.exec(query)
    return [_record(submission, revision, cycles, base_url) for submission, revision in rows]


def _published(ids: list[int] | None) -> Any:
    return and_(public_clause(), col(Submission.id).in_(ids) if ids is not None else true())


def _record(
    submission: Submission, revision: Revision, cycles: dict[int, str], base_url: str
) -> dict[str, Any]:
    item = present.to_read(ANONYMOUS, submission, revision, cycles)
    return {
        "id": item.id,
        "url": f"{base_url.rstrip('/')}/practices/{item.id}",
        "participant": item.participant,
        "title": item.title,
        "summary": item.summary,
        "norms": ";".join(item.norms),
        "themes": ";".join(item.themes),
        "language": str(item.language),
        "practice_type": item.practice_type and str(item.practice_type),
        "level": item.level and str(item.level),
        "implementation_status": item.implementation_status and str(item.implementation_status),
        "lead_agency": item.lead_agency,
        "period_start": item.period_start and item.period_start.isoformat(),
        "period_end": item.period_end and item.period_end.isoformat(),
        "cycle": item.cycle,
        "revision": item.revision,
        "published_at": item.published_at and item.published_at.isoformat(),
        "references": ";".join(f"{r.title} <{r.url}>" for r in item.references),
        "body": item.body,
        "best_practices": item.best_practices,
        "lessons_learned": item.lessons_learned,
    }
