"""What a revision needs once published, done once and after the request that published it: its
points' vectors and its search vector (from one call to the model), and machine drafts of its
texts in the other language when a translation provider is configured.

`workflow.publish` marks the revision in the session; the application turns the marks into a
background job when the transaction commits (`api/publication.py`). Until the job has run, a
synthesis encodes the revision's points itself and search finds it by its words.
"""

import numpy as np
from sqlmodel import Session

from submissions import embeddings, point_meaning, point_vectors, translation, vectors
from submissions.models import Revision
from submissions.translators import Translator

PUBLISHED = "normbook_published"  # session.info key: revisions published in this transaction


def mark(session: Session, revision_id: int) -> None:
    session.info.setdefault(PUBLISHED, set()).add(revision_id)


def take(session: Session) -> set[int]:
    """The revisions published in this transaction, forgotten once taken."""
    taken: set[int] = session.info.pop(PUBLISHED, set())
    return taken


def encode(session: Session, revision: Revision) -> bool:
    """Keep the vectors a published revision lacks, every text encoded once by each model it
    needs; False when it lacked none."""
    has_points = point_vectors.is_kept(session, revision.id or 0)
    has_search = vectors.is_kept(session, revision.id or 0)
    if has_points and has_search:
        return False
    best, lessons = point_vectors.texts(revision.best_practices_html, revision.lessons_learned_html)
    passages = vectors.passages(revision)
    points = best + lessons
    # The first model for points and passages in one call; the second for the points alone.
    unique = list(dict.fromkeys([*points, *passages]))
    encoded = dict(zip(unique, embeddings.encode(unique), strict=True))
    if not has_points:
        rows = np.empty((len(points), point_meaning.DIMENSIONS), dtype=np.float32)
        if points:
            rows[:, point_meaning.FIRST] = [encoded[text] for text in points]
            rows[:, point_meaning.SECOND] = point_meaning.second(points)
        packed = point_meaning.pack(rows)
        size = len(best) * point_meaning.DIMENSIONS
        point_vectors.keep(session, revision.id or 0, packed[:size], packed[size:])
    if not has_search:
        vectors.keep(session, revision.id or 0, vectors.unit_of(passages, encoded))
    return True


def prepare(session: Session, revision_id: int, translator: Translator | None) -> dict[str, int]:
    """Everything a published revision needs after publication: (encoded, texts drafted)."""
    revision = session.get(Revision, revision_id)
    if revision is None or revision.published_at is None:
        return {"encoded": 0, "drafted": 0}
    encoded = encode(session, revision)
    drafted = translation.draft(session, revision_id, translator) if translator else 0
    return {"encoded": int(encoded), "drafted": drafted}


def backfill(session: Session) -> int:
    """Both kinds of vectors for every published revision lacking one; how many were encoded."""
    missing = {r.id for r in point_vectors.missing(session, limit=1_000_000)}
    missing |= set(vectors.missing_ids(session))
    for revision_id in sorted(i for i in missing if i is not None):
        revision = session.get(Revision, revision_id)
        if revision is not None:
            encode(session, revision)
    return len(missing)
