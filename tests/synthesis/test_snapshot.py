"""A synthesis is a frozen snapshot: later publications, edits and withdrawals leave it alone."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from submissions import workflow
from submissions.models import Status
from submissions.schemas import SubmissionUpdate
from synthesis.freeze import snapshot
from synthesis.models import Synthesis
from synthesis.render import report
from synthesis.schemas import Format
from tests.factories import PRESIDENCY, delegation_actor, make_submission
from tests.synthesis.conftest import Practices

MakeSynthesis = Callable[..., Synthesis]


def test_later_changes_never_reach_an_existing_synthesis(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis()
    before = report.render(session, synthesis, Format.md, "en")
    make_submission(session, "DEU", Status.published, title="Published afterwards", norms=["13a"])
    workflow.withdraw(session, delegation_actor("DEU"), practices.germany)
    france = workflow.get(session, PRESIDENCY, practices.france)
    workflow.update_content(
        session,
        delegation_actor("FRA"),
        practices.france,
        SubmissionUpdate(title="French register, second edition"),
        france.version,
    )
    workflow.submit(session, delegation_actor("FRA"), practices.france)
    workflow.publish(session, PRESIDENCY, practices.france)
    session.flush()
    session.expire_all()
    assert report.render(session, synthesis, Format.md, "en") == before
    fresh = report.render(session, make_synthesis(), Format.md, "en").decode()
    assert "Published afterwards" in fresh
    assert "German operator register" not in fresh
    assert "French register, second edition" in fresh


def test_as_of_takes_the_revision_published_at_that_moment(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    first_publication = datetime.now(UTC)
    france = workflow.get(session, PRESIDENCY, practices.france)
    workflow.update_content(
        session,
        delegation_actor("FRA"),
        practices.france,
        SubmissionUpdate(title="Renamed"),
        france.version,
    )
    workflow.submit(session, delegation_actor("FRA"), practices.france)
    workflow.publish(session, PRESIDENCY, practices.france)
    earlier = report.document(session, make_synthesis(as_of=first_publication), "en")
    assert {link.title for link in earlier.practices} >= {"French register of operators"}
    later = report.document(session, make_synthesis(), "en")
    assert "Renamed" in {link.title for link in later.practices}
    none = make_synthesis(as_of=first_publication - timedelta(days=1))
    assert snapshot.count_practices(session, none.id or 0) == 0


def test_a_participant_filter_leaves_out_anonymised_practices(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis(participants=["jpn", "FRA"])
    doc = report.document(session, synthesis, "en")
    assert {link.submission_id for link in doc.practices} == {practices.france}


def test_points_by_key_are_the_points_of_each_practice_in_order(
    session: Session, practices: Practices, make_synthesis: Callable[..., Synthesis]
) -> None:
    synthesis = make_synthesis()
    ids = [practices.france, practices.germany, practices.anonymous]
    for form in (None, "html", "markdown", "text"):
        by_practice = snapshot.points(session, synthesis.id or 0, ids, form)
        every = [p for sid in ids for section in by_practice[sid].values() for p in section]
        by_key = snapshot.points_by_key(session, synthesis.id or 0, ids, form)
        assert list(by_key.values()) == every
        assert all(key == point.key for key, point in by_key.items())
    france = by_practice[practices.france]
    assert [p.key for p in france["best_practices"]] == [
        f"{practices.france}.b1",
        f"{practices.france}.b2",
    ]
    assert france["best_practices"][1].text == "Train operators' staff"
    assert france["best_practices"][1].html == ""  # only the form asked for
