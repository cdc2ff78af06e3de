"""The exports stream in batches: the same bytes as one read of every row, in bounded memory."""

import tracemalloc
from contextlib import nullcontext
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.settings import get_settings
from submissions import export
from submissions.models import Revision, Status, Submission
from tests.factories import make_submission
from web.pages import opendata

BASE = get_settings().base_url


def _unbatched(session: Session, ids: set[int] | None = None) -> list[dict[str, Any]]:
    """What the exports held before: every published row, read by one query."""
    cycles = export.present.cycle_codes(session)
    query = (
        select(Submission, Revision)
        .join(Revision, col(Revision.id) == Submission.published_revision_id)
        .where(export.public_clause())
        .order_by(col(Submission.id))
    )
    rows = session.exec(query).all()
    return [export._record(s, r, cycles, BASE) for s, r in rows if ids is None or s.id in ids]


def _corpus(session: Session) -> None:
    for n in range(9):
        make_submission(session, "FRA" if n % 2 else "DEU", Status.published, norms=["13c"])
    make_submission(session, "DEU", Status.published, title="=HYPERLINK(1)", norms=["13g"])
    make_submission(session, "DEU", Status.published, attribution="anonymised", norms=["13g"])
    make_submission(session, "FRA", Status.withdrawn)
    make_submission(session, "FRA", Status.submitted)
    session.commit()


def test_batched_exports_are_byte_for_byte_the_unbatched_ones(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus(session)
    monkeypatch.setattr(export, "BATCH", 4)  # 11 published rows: three batches
    every = _unbatched(session)
    assert len(every) == 11
    expected_csv = "".join(opendata._csv(every))
    assert "'=HYPERLINK(1)" in expected_csv
    assert client.get("/export/submissions.csv").text == expected_csv
    norm_13c = [r for r in every if r["norms"] == "13c"]
    assert client.get("/export/submissions.csv?norm=13c").text == "".join(opendata._csv(norm_13c))
    response = client.get("/export/submissions.json")
    generated = response.json()["generated_at"]
    assert response.text == "".join(opendata._json(every, len(every), generated))
    response = client.get("/export/submissions.json?participant=DEU")
    deu = [r for r in every if r["participant"] == "DEU"]
    expected = "".join(opendata._json(deu, len(deu), response.json()["generated_at"]))
    assert response.text == expected


def test_an_export_of_ids_reads_them_in_slices(session: Session) -> None:
    _corpus(session)
    every = _unbatched(session)
    ids = [*(r["id"] for r in every[::2]), 10**9]  # gaps and an id that is not there
    sessions = lambda: nullcontext(session)  # noqa: E731
    got = list(export.published(sessions, BASE, list(reversed(ids)), size=2))
    assert got == _unbatched(session, set(ids))
    assert export.count(session, ids) == len(got)


def _peak(session: Session, size: int) -> int:
    tracemalloc.start()
    try:
        for _chunk in opendata._csv(
            export.published(lambda: nullcontext(session), BASE, size=size)
        ):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_export_holds_one_batch_at_a_time(session: Session) -> None:
    for _ in range(20):
        make_submission(session, "FRA", Status.published, body="word " * 2000)
    session.commit()
    small = _peak(session, 10)
    for _ in range(180):
        make_submission(session, "FRA", Status.published, body="word " * 2000)
    session.commit()
    large = _peak(session, 10)  # ten times the rows, the same batches
    assert large < 2 * small, (small, large)
    assert _peak(session, 200) > 4 * large  # whole in one batch: what the bound prevents
