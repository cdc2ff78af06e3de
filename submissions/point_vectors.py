"""The sentence vectors of a published revision's points (`point_meaning`): computed once, when it
is published, and kept with it, so a synthesis compares points by meaning without encoding anything."""

from collections.abc import Sequence

from sqlmodel import Session, col, select

from submissions import point_meaning
from submissions.models import PointVectors, Revision
from submissions.points import split

SECTIONS = ("best_practices", "lessons_learned")
BACKFILL_BATCH = 200


def texts(best_practices_html: str, lessons_learned_html: str) -> tuple[list[str], list[str]]:
    """Each section's points' texts, in the order `split` gives the points."""
    best = [fragment.text for fragment in split(best_practices_html)]
    lessons = [fragment.text for fragment in split(lessons_learned_html)]
    return best, lessons


def compute(best_practices_html: str, lessons_learned_html: str) -> tuple[bytes, bytes]:
    """Each section's points' vectors, packed, in the order `split` gives the points. One call
    to the models for both sections: it is the bulk of the cost (about 40 ms a point)."""
    best, lessons = texts(best_practices_html, lessons_learned_html)
    vectors = point_meaning.encode(best + lessons)
    return point_meaning.pack(vectors[: len(best)]), point_meaning.pack(vectors[len(best) :])


def store(session: Session, revision: Revision) -> PointVectors:
    """Compute and keep one revision's vectors (replacing any kept before)."""
    best, lessons = compute(revision.best_practices_html, revision.lessons_learned_html)
    return keep(session, revision.id or 0, best, lessons)


def keep(session: Session, revision_id: int, best: bytes, lessons: bytes) -> PointVectors:
    """Keep a revision's packed vectors, computed by the caller (replacing any kept before)."""
    row = session.get(PointVectors, revision_id)
    if row is None:
        row = PointVectors(
            revision_id=revision_id,
            model=point_meaning.MODEL,
            best_practices=best,
            lessons_learned=lessons,
        )
    else:
        row.model, row.best_practices, row.lessons_learned = point_meaning.MODEL, best, lessons
    session.add(row)
    return row


def is_kept(session: Session, revision_id: int) -> bool:
    row = session.get(PointVectors, revision_id)
    return row is not None and row.model == point_meaning.MODEL


def missing(session: Session, limit: int) -> list[Revision]:
    """Published revisions without vectors of the current model, oldest first."""
    kept = select(PointVectors.revision_id).where(PointVectors.model == point_meaning.MODEL)
    query = (
        select(Revision)
        .where(col(Revision.published_at).is_not(None), col(Revision.id).not_in(kept))
        .order_by(col(Revision.id))
        .limit(limit)
    )
    return list(session.exec(query).all())


def backfill(session: Session) -> int:
    """Give every published revision without vectors its own; how many were computed."""
    done = 0
    while batch := missing(session, BACKFILL_BATCH):
        for revision in batch:
            store(session, revision)
        session.flush()
        done += len(batch)
    return done


def of_revisions(session: Session, revision_ids: Sequence[int]) -> dict[int, tuple[bytes, bytes]]:
    """Kept vectors per revision id (those of the current model), packed, per section."""
    query = select(
        PointVectors.revision_id, PointVectors.best_practices, PointVectors.lessons_learned
    ).where(
        col(PointVectors.revision_id).in_(revision_ids), PointVectors.model == point_meaning.MODEL
    )
    return {revision_id: (best, lessons) for revision_id, best, lessons in session.exec(query)}
