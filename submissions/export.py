"""Published practices as open data: one flat record per practice, norms and themes joined."""

from collections.abc import Iterator
from typing import Any

from sqlalchemy import true
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
BATCH = 500


def published(
    session: Session, base_url: str, ids: list[int] | None = None
) -> Iterator[dict[str, Any]]:
    """Every published practice (or those of `ids`) in id order, as the public sees it (anonymised
    ones unattributed)."""
    cycles = present.cycle_codes(session)
    query = (
        select(Submission, Revision)
        .join(Revision, col(Revision.id) == Submission.published_revision_id)
        .where(public_clause())
        .where(col(Submission.id).in_(ids) if ids is not None else true())
        .order_by(col(Submission.id))
        .execution_options(yield_per=BATCH)
    )
    for submission, revision in session.exec(query):
        item = present.to_read(ANONYMOUS, submission, revision, cycles)
        yield {
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
