"""Point vectors: computed when a revision is published, kept with it, backfilled for revisions
published before, and what a synthesis compares points with."""

import time

import numpy as np
from sqlmodel import Session, delete, select

from submissions import point_meaning, point_vectors
from submissions.models import PointVectors, Revision, Status
from submissions.points import split
from synthesis.consolidate import grouping
from synthesis.freeze import snapshot
from synthesis.schemas import SynthesisCreate
from tests.factories import PRESIDENCY, make_submission

BEST = "- Designate a national point of contact reachable 24/7\n- Publish a disclosure policy"
LESSONS = "- Regulators must be involved from the start"


def test_publishing_keeps_one_vector_per_point_in_section_order(session: Session) -> None:
    submission = make_submission(
        session, "FRA", Status.published, best_practices=BEST, lessons_learned=LESSONS
    )
    revision = session.get(Revision, submission.published_revision_id)
    assert revision is not None
    kept = session.get(PointVectors, revision.id)
    assert kept is not None and kept.model == point_meaning.MODEL
    best = point_meaning.unpack(kept.best_practices)
    texts = [f.text for f in split(revision.best_practices_html)]
    assert best.shape == (2, point_meaning.DIMENSIONS)
    assert np.allclose(best, point_meaning.encode(texts), atol=0.01)  # int8 quantisation
    assert point_meaning.unpack(kept.lessons_learned).shape == (1, point_meaning.DIMENSIONS)


def test_a_draft_has_no_vectors(session: Session) -> None:
    submission = make_submission(session, "FRA", Status.submitted, best_practices=BEST)
    assert session.get(PointVectors, submission.current_revision_id) is None


def test_backfill_gives_published_revisions_their_missing_vectors_once(session: Session) -> None:
    published = make_submission(session, "FRA", Status.published, best_practices=BEST)
    make_submission(session, "DEU", Status.submitted, best_practices=BEST)
    session.exec(delete(PointVectors))  # type: ignore[call-overload]
    assert point_vectors.backfill(session) == 1
    assert session.get(PointVectors, published.published_revision_id) is not None
    assert point_vectors.backfill(session) == 0


def test_vectors_of_an_earlier_model_are_computed_again(session: Session) -> None:
    published = make_submission(session, "FRA", Status.published, best_practices=BEST)
    kept = session.get(PointVectors, published.published_revision_id)
    assert kept is not None
    kept.model, kept.best_practices = "use-multilingual-v3", bytes(2 * 512)  # the first edition's
    session.add(kept)
    session.flush()
    assert not point_vectors.is_kept(session, published.published_revision_id or 0)
    assert point_vectors.backfill(session) == 1
    again = session.get(PointVectors, published.published_revision_id)
    assert again is not None and again.model == point_meaning.MODEL
    assert len(again.best_practices) == 2 * point_meaning.DIMENSIONS


def test_encoding_a_revision_at_publication_takes_under_a_second() -> None:
    best = "\n".join(f"- Point {i}: share indicators with partner CERTs" for i in range(12))
    html = "<ul>" + "".join(f"<li>{line[2:]}</li>" for line in best.splitlines()) + "</ul>"
    point_vectors.compute(html, "<p>One lesson.</p>")  # the model loads once a process
    began = time.perf_counter()
    point_vectors.compute(html, "<p>One lesson.</p>")
    assert time.perf_counter() - began < 1.0


def test_a_synthesis_groups_with_the_vectors_kept_at_publication(session: Session) -> None:
    first = make_submission(
        session, "FRA", Status.published, norms=["13j"], best_practices="- Train judges"
    )
    second = make_submission(
        session, "DEU", Status.published, norms=["13j"], best_practices="- Invite observers"
    )
    # Unrelated texts, given one and the same kept vector: the synthesis must read the kept ones.
    rows = session.exec(select(PointVectors)).all()
    same = next(r.best_practices for r in rows if r.revision_id == first.published_revision_id)
    for row in rows:
        row.best_practices = same
        session.add(row)
    session.flush()
    synthesis = snapshot.create(session, PRESIDENCY, SynthesisCreate(title="Kept vectors"))
    keys = grouping.stored(session, synthesis.id or 0, "13j")["best_practices"]
    assert sorted(map(sorted, keys)) == [sorted([f"{first.id}.b1", f"{second.id}.b1"])]
    central = grouping.centrals(session, synthesis.id or 0, "13j")["best_practices"]
    assert central[0] in keys[0]
