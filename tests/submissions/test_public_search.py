"""The public's search: ranked pages equal one full ranking cut into pages, ties included, and
only what the public may read is ever found."""

from sqlalchemy import text
from sqlmodel import Session

from submissions import extracts, hybrid, public_version, search, workflow
from submissions.access import ANONYMOUS
from submissions.listing import Filters, page_keys
from submissions.models import Status
from submissions.schemas import SubmissionUpdate
from tests.factories import PRESIDENCY, delegation_actor, make_submission

# Three texts, each given to several practices: equal texts rank equal, so pages cut through ties.
TEXTS = [
    "Quillfeather drills with operators.",
    "Quillfeather quillfeather exercises, twice over.",
    "A quillfeather hotline for operators of essential services, kept open day and night.",
]


def _ids(session: Session, q: str, page: int, size: int) -> list[int]:
    return [key.id for key in page_keys(session, ANONYMOUS, Filters(q=q), page, size)[0]]


def test_pages_are_one_ranking_cut_into_pages(session: Session) -> None:
    made = [
        make_submission(session, "DEU", Status.published, summary=TEXTS[i % 3]).id
        for i in range(10)
    ]
    make_submission(session, "DEU", Status.draft, summary=TEXTS[0])  # never public
    make_submission(session, "ITA", Status.withdrawn, summary=TEXTS[1])
    session.commit()
    whole = _ids(session, "quillfeather", 1, 100)
    assert sorted(whole) == sorted(made)
    for size in range(1, 5):
        pages = [_ids(session, "quillfeather", page, size) for page in range(1, 12 // size + 2)]
        assert [i for page in pages for i in page] == whole, f"pages of {size}"
    within = [whole.index(i) for i in made]
    for group in range(3):  # equal ranks: newest first
        positions = within[group::3]
        assert positions == sorted(positions, reverse=True)


def test_search_total_and_extracts(session: Session) -> None:
    for i in range(5):
        make_submission(session, "CAN", Status.published, summary=TEXTS[i % 3])
    session.commit()
    found = hybrid.find(session, Filters(q="quillfeath"), public_version.read(session), 1, 2)
    assert found.total == 5
    assert len(found.ids) == 2
    for id_ in found.ids:
        marked = f"{extracts.MARK_START}Quillfeather{extracts.MARK_END}".lower()
        assert marked in found.extracts[id_].lower()


def test_only_the_published_text_is_found_by_the_public(session: Session) -> None:
    practice = make_submission(session, "JPN", Status.published, title="Marigoldtower drills")
    session.commit()
    assert practice.id is not None
    author = delegation_actor("JPN")
    workflow.update_content(
        session,
        author,
        practice.id,
        SubmissionUpdate(title="Cinnabarwell drills"),
        practice.version,
    )
    session.commit()
    assert _found(session, "marigoldtower") == [practice.id]
    assert _found(session, "cinnabarwell") == []
    owner = page_keys(session, author, Filters(q="cinnabarwell"))[0]
    assert [key.id for key in owner] == [practice.id]
    _check_index(session)

    workflow.submit(session, author, practice.id)
    workflow.publish(session, PRESIDENCY, practice.id)
    session.commit()
    assert _found(session, "cinnabarwell") == [practice.id]
    assert _found(session, "marigoldtower") == []
    _check_index(session)

    workflow.withdraw(session, author, practice.id)
    session.commit()
    assert _found(session, "cinnabarwell") == []
    _check_index(session)


def test_a_search_with_filters_finds_the_same_public_practices(session: Session) -> None:
    ours = [
        make_submission(session, "GBR", Status.published, summary=TEXTS[0]).id for _ in range(3)
    ]
    make_submission(session, "USA", Status.published, summary=TEXTS[0])
    session.commit()
    filtered = page_keys(session, ANONYMOUS, Filters(q="quillfeather", participant="GBR"))
    assert sorted(key.id for key in filtered[0]) == sorted(ours)
    assert filtered[1] == 3


def _found(session: Session, q: str) -> list[int]:
    return _ids(session, q, 1, 20)


def _check_index(session: Session) -> None:
    """The public index holds exactly the public practices, with their published text."""
    if session.get_bind().dialect.name == "sqlite":
        indexed = dict(session.execute(text("SELECT rowid, title FROM public_fts")).all())
    else:
        indexed = dict(
            session.execute(
                text(
                    "SELECT p.submission_id, r.title FROM public_search p "
                    "JOIN revision r ON r.search_vector = p.vector "
                    "JOIN submission s ON s.id = p.submission_id AND r.submission_id = s.id"
                )
            ).all()
        )
    public = dict(
        session.execute(
            text(
                "SELECT s.id, r.title FROM submission s JOIN revision r "
                "ON r.id = s.published_revision_id WHERE s.status != 'withdrawn'"
            )
        ).all()
    )
    assert indexed == public


def test_a_search_goes_through_the_full_text_index(session: Session) -> None:
    make_submission(session, "FRA", Status.published, summary=TEXTS[2])
    session.commit()
    page_keys(session, ANONYMOUS, Filters(q="quillfeather", norm="13g"))
    if session.get_bind().dialect.name == "postgresql":
        # The planner would read every revision's tsvector for a common word: kept off for the
        # rest of the transaction.
        assert session.execute(text("SHOW enable_seqscan")).scalar() == "off"
    else:
        plan = session.execute(
            text("EXPLAIN QUERY PLAN " + search._RANKED.text),
            {"q": "quillfeather", "limit": 20, "offset": 0},
        ).all()
        assert any("VIRTUAL TABLE INDEX" in str(row[-1]) for row in plan), plan
