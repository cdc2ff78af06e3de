"""Search vectors: one per published revision, stored at publication, backfilled when missing,
and the public matrix ranks by meaning across languages without showing what is not public."""

from sqlalchemy import delete, func, select
from sqlmodel import Session

from submissions import hybrid, vectors
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
    found = hybrid.find(session, Filters(q="divulgation des failles logicielles"), ("t", 1))
    ids = [row.submission.id for row in found.rows]
    assert ids[0] == english.id
    assert hidden.id not in ids
