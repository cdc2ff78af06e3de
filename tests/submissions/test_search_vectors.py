"""Search vectors: one per published revision, stored at publication, backfilled when missing,
and the public matrix ranks by meaning across languages without showing what is not public."""

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from sqlalchemy import delete, func, select
from sqlmodel import Session

from submissions import embeddings, hybrid, public_version, vectors
from submissions.listing import Filters
from submissions.models import Status
from tests.factories import make_submission


def _count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(vectors.table)).scalar_one())


def test_publication_stores_one_vector_and_backfill_restores_missing_ones(
    session: Session,
) -> None:
    make_submission(session, "FRA", Status.draft)
    make_submission(session, "DEU", Status.published)
    assert _count(session) == 1
    session.execute(delete(vectors.table))
    assert vectors.backfill(session) == 1
    assert vectors.backfill(session) == 0
    assert _count(session) == 1


def test_a_french_query_finds_an_english_practice_by_meaning(session: Session) -> None:
    english = make_submission(
        session,
        "JPN",
        Status.published,
        title="Coordinated vulnerability disclosure programme",
        summary="Researchers report software flaws to vendors, who fix them before publication.",
        themes=["vulnerability-disclosure"],
        norms=["13j"],
    )
    make_submission(
        session,
        "ITA",
        Status.published,
        title="Police unit for electronic evidence",
        summary="Investigators preserve data for foreign prosecutors.",
    )
    hidden = make_submission(session, "DEU", Status.submitted, title="Vulnerability disclosure")
    session.commit()
    found = hybrid.find(
        session, Filters(q="divulgation des failles logicielles"), public_version.read(session)
    )
    ids = found.ids
    assert ids[0] == english.id
    assert hidden.id not in ids


def test_the_int8_matrix_ranks_as_float32_rows_do() -> None:
    rng = np.random.default_rng(3)
    count = 3 * vectors.CHUNK + 17  # a last chunk that is not full
    rows = rng.standard_normal((count, embeddings.DIMENSIONS)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    packed = np.frombuffer(embeddings.pack(rows), dtype=np.int8).reshape(count, -1)
    matrix = vectors.Matrix(np.arange(count) + 1000, packed)
    query = rows[7] + 0.05 * rng.standard_normal(embeddings.DIMENSIONS).astype(np.float32)
    query /= np.linalg.norm(query)
    exact = rows @ query
    found = matrix.nearest(query, 20, -1.0)
    assert found[0][0] == 1007
    assert max(abs(score - exact[id_ - 1000]) for id_, score in found) < 0.01
    best = {int(i) + 1000 for i in np.argsort(-exact)[:20]}
    assert len(best & {id_ for id_, _ in found}) >= 18
    among = matrix.nearest(query, 2, -1.0, among={1003, 1004})
    assert {id_ for id_, _ in among} == {1003, 1004}


def test_searches_arriving_together_read_the_public_matrix_once(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_submission(session, "DEU", Status.published)
    session.commit()
    reads: list[int] = []
    read = vectors.read_matrix

    def counted(given: Session) -> vectors.Matrix:
        reads.append(1)
        time.sleep(0.2)  # long enough for every thread to be waiting on the first read
        return read(given)

    monkeypatch.setattr(vectors, "read_matrix", counted)
    stamp = ("together", time.monotonic())
    with ThreadPoolExecutor(8) as pool:
        matrices = list(pool.map(lambda _: vectors.public_matrix(session, stamp), range(8)))
    assert len(reads) == 1
    assert all(matrix is matrices[0] for matrix in matrices)


def test_a_search_ranks_once_per_public_data_version(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        make_submission(session, "FRA", Status.published, title=f"Incident response drill {n}")
    session.commit()
    ranked: list[int] = []
    rank = hybrid._rank

    def counted(*args: object) -> hybrid.Ranking:
        ranked.append(1)
        return rank(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(hybrid, "_rank", counted)
    filters = Filters(q="incident response")
    first = hybrid.find(session, filters, public_version.read(session), 1, 2)
    second = hybrid.find(session, filters, public_version.read(session), 2, 2)
    assert len(ranked) == 1
    assert set(first.ids).isdisjoint(second.ids)
    added = make_submission(session, "DEU", Status.published, title="Incident response exercise")
    session.commit()
    after = hybrid.find(session, filters, public_version.read(session), 1, 10)
    assert len(ranked) == 2
    assert added.id in after.ids
