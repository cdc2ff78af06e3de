"""One sentence vector per published revision, and the public practices nearest a query by meaning.

Vectors are stored when a revision is published (`store`). The public ones are read into one
int8 matrix per stamp of the public data and ranked by brute force, one chunked matrix product
(bench/README.md compares it with float32 rows and approximate indexes at 100,000 practices).
"""

from collections.abc import Hashable
from functools import lru_cache
from threading import Lock

import numpy as np
from sqlalchemy import Column, Integer, LargeBinary, MetaData, String, Table, func, select
from sqlmodel import Session, col

from submissions import embeddings
from submissions.access import ANONYMOUS, visible_to
from submissions.markdown import plain
from submissions.models import Revision, Submission

table = Table(
    "search_vector",
    MetaData(),
    Column("revision_id", Integer, primary_key=True),
    Column("model", String(40)),
    Column("vector", LargeBinary),
)
_BODY_CHARS = 2000  # the model reads the start of a long text; the rest adds time, not meaning


def passages(revision: Revision) -> list[str]:
    """The texts whose mean vector stands for a revision: its title and summary, then its body."""
    heading = f"{revision.title}. {plain(revision.summary or '')}"
    body = plain(revision.body or "")[:_BODY_CHARS]
    points = plain(f"{revision.best_practices or ''}\n{revision.lessons_learned or ''}")
    return [heading, heading, *(text for text in (body, points[:_BODY_CHARS]) if text.strip())]


def encode_revision(revision: Revision) -> embeddings.Vectors:
    """A revision's unit vector (the title and summary weigh twice, as readers search for them)."""
    texts = passages(revision)
    unique = list(dict.fromkeys(texts))
    return unit_of(texts, dict(zip(unique, embeddings.encode(unique), strict=True)))


def unit_of(texts: list[str], encoded: dict[str, np.ndarray]) -> embeddings.Vectors:
    """The unit mean of the passages' vectors (`encoded`: each distinct passage's vector)."""
    mean = np.stack([encoded[text] for text in texts]).mean(axis=0, keepdims=True)
    unit: embeddings.Vectors = mean / max(float(np.linalg.norm(mean)), 1e-12)
    return unit


def is_kept(session: Session, revision_id: int) -> bool:
    found = session.execute(select(table.c.revision_id).where(table.c.revision_id == revision_id))
    return found.first() is not None


def store(session: Session, revision: Revision) -> None:
    """Encode a published revision once (about 50 ms); kept with it for good."""
    if not is_kept(session, revision.id or 0):
        keep(session, revision.id or 0, encode_revision(revision))


def keep(session: Session, revision_id: int, vector: embeddings.Vectors) -> None:
    """Keep a revision's unit vector, computed by the caller."""
    session.execute(
        table.insert().values(
            revision_id=revision_id, model=embeddings.MODEL, vector=embeddings.to_bytes(vector)
        )
    )


def missing_ids(session: Session) -> list[int]:
    """Published revisions without a search vector, oldest first."""
    query = select(Revision.id).where(  # type: ignore[call-overload]
        Revision.published_at.is_not(None),  # type: ignore[union-attr]
        Revision.id.not_in(select(table.c.revision_id)),  # type: ignore[union-attr]
    )
    return sorted(session.scalars(query).all())


def backfill(session: Session) -> int:
    """Encode every published revision that has no vector yet; the number encoded."""
    count = 0
    for revision_id in missing_ids(session):
        revision = session.get(Revision, revision_id)
        if revision is not None:
            store(session, revision)
            count += 1
    return count


CHUNK = 256  # rows widened to float32 at a time: 512 KiB, which stays in the CPU's cache


class Matrix:
    """The public practices' vectors, one int8 row each (`embeddings.pack`), and their ids.

    A quarter of float32's memory (51 MiB at 100,000 practices), and a cosine moves by less than
    0.01; each chunk is widened in the cache, which costs no more than reading float32 rows.
    """

    def __init__(self, ids: np.ndarray, rows: np.ndarray) -> None:
        self.ids, self.rows = ids, rows

    def scores(self, query: np.ndarray) -> np.ndarray:
        """The cosine of every row with the unit `query`."""
        scores = np.empty(len(self.ids), dtype=np.float32)
        wide = np.empty((CHUNK, embeddings.DIMENSIONS), dtype=np.float32)
        scaled = (query / np.float32(127.0)).astype(np.float32)
        for start in range(0, len(self.ids), CHUNK):
            part = self.rows[start : start + CHUNK]
            wide[: len(part)] = part
            np.matmul(wide[: len(part)], scaled, out=scores[start : start + len(part)])
        return scores

    def nearest(
        self, query: np.ndarray, limit: int, floor: float, among: set[int] | None = None
    ) -> list[tuple[int, float]]:
        """Up to `limit` (id, cosine) at or above `floor`, best first (`among` the given ids)."""
        if not len(self.ids):
            return []
        scores = self.scores(query)
        if among is not None:
            scores = np.where(np.isin(self.ids, list(among)), scores, -1.0)
        limit = min(limit, len(scores))
        best = np.argpartition(-scores, limit - 1)[:limit]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(self.ids[i]), float(scores[i])) for i in best if scores[i] >= floor]


def read_matrix(session: Session) -> Matrix:
    """The public vectors, read in batches into int8 rows: never all float32 rows at once."""
    public = (
        select(col(Submission.id), table.c.vector)
        .join(table, table.c.revision_id == Submission.published_revision_id)
        .where(visible_to(ANONYMOUS))
    )
    count = session.execute(select(func.count()).select_from(public.subquery())).scalar_one()
    ids = np.zeros(count, dtype=np.int64)
    rows = np.zeros((count, embeddings.DIMENSIONS), dtype=np.int8)
    filled = 0
    for batch in session.execute(public.execution_options(yield_per=2000)).partitions():
        batch = batch[: count - filled]  # published meanwhile: kept for the next stamp
        ids[filled : filled + len(batch)] = [row[0] for row in batch]
        floats = np.frombuffer(b"".join(row[1] for row in batch), dtype="<f4")
        packed = embeddings.pack(floats.reshape(-1, embeddings.DIMENSIONS))
        rows[filled : filled + len(batch)] = np.frombuffer(packed, dtype=np.int8).reshape(
            -1, embeddings.DIMENSIONS
        )
        filled += len(batch)
    return Matrix(ids[:filled], rows[:filled])


_kept: dict[Hashable, Matrix] = {}
# One read at a time: the first searches after a change arrive together, and each would otherwise
# hold its own copy of the matrix (16 threads at 100,000 practices: 16 x 51 MiB).
_reading = Lock()


def public_matrix(session: Session, stamp: Hashable) -> Matrix:
    """The public vectors as of `stamp` (a fingerprint of the public data): read once per change."""
    matrix = _kept.get(stamp)
    if matrix is not None:
        return matrix
    with _reading:
        matrix = _kept.get(stamp)
        if matrix is None:
            _kept.clear()  # one version at a time: the matrix is the largest thing a process keeps
            matrix = _kept[stamp] = read_matrix(session)
    return matrix


@lru_cache(maxsize=1024)
def query_vector(query: str) -> np.ndarray:
    """A query's unit vector; readers repeat queries, and encoding one costs ~20 ms."""
    vector: np.ndarray = embeddings.encode([query])[0]
    vector.setflags(write=False)
    return vector
