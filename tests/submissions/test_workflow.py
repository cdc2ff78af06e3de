import pytest
from sqlmodel import Session, select

from norms.errors import Conflict, Forbidden, Invalid, NotFound, Stale
from submissions import workflow
from submissions.access import ANONYMOUS
from submissions.models import AuditEntry, Revision, Status
from submissions.schemas import SubmissionCreate, SubmissionUpdate
from tests.factories import PRESIDENCY, delegation_actor, make_submission, practice_data

FRA, DEU = delegation_actor("FRA"), delegation_actor("DEU")


def test_delegation_creates_draft_with_first_revision(session: Session) -> None:
    submission = make_submission(session)
    assert submission.status == Status.draft
    assert submission.participant_code == "FRA"
    revision = session.get(Revision, submission.current_revision_id)
    assert revision is not None and revision.number == 1
    assert "<strong>register</strong>" in revision.body_html


def test_delegation_cannot_write_for_another_participant(session: Session) -> None:
    data = SubmissionCreate.model_validate(practice_data(participant="DEU"))
    with pytest.raises(Forbidden):
        workflow.create(session, FRA, data)


def test_anonymous_cannot_write(session: Session) -> None:
    with pytest.raises(Forbidden):
        workflow.create(session, ANONYMOUS, SubmissionCreate.model_validate(practice_data()))


def test_full_review_cycle_reaches_published(session: Session) -> None:
    submission = make_submission(session)
    assert submission.id is not None
    workflow.submit(session, FRA, submission.id)
    workflow.return_(session, PRESIDENCY, submission.id, "Add the dates")
    assert submission.status == Status.returned and submission.return_comment == "Add the dates"
    workflow.submit(session, FRA, submission.id)
    workflow.publish(session, PRESIDENCY, submission.id)
    assert submission.status == Status.published
    assert submission.published_revision_id == submission.current_revision_id
    assert submission.return_comment is None


def test_delegation_cannot_publish_its_own_work(session: Session) -> None:
    submission = make_submission(session, status=Status.submitted)
    assert submission.id is not None
    with pytest.raises(Forbidden):
        workflow.publish(session, FRA, submission.id)


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.draft, "publish"),
        (Status.published, "submit"),
        (Status.withdrawn, "withdraw"),
        (Status.returned, "publish"),
    ],
)
def test_presidency_cannot_make_forbidden_transitions(
    session: Session, status: Status, action: str
) -> None:
    submission = make_submission(session, status=status)
    assert submission.id is not None
    with pytest.raises(Conflict):
        getattr(workflow, action)(session, PRESIDENCY, submission.id)


def test_other_delegation_sees_no_draft(session: Session) -> None:
    submission = make_submission(session)
    assert submission.id is not None
    with pytest.raises(NotFound):
        workflow.get(session, DEU, submission.id)
    with pytest.raises(NotFound):
        workflow.withdraw(session, DEU, submission.id)


def test_other_delegation_cannot_change_published_work(session: Session) -> None:
    submission = make_submission(session, status=Status.published)
    assert submission.id is not None
    assert workflow.get(session, DEU, submission.id) is submission
    with pytest.raises(Forbidden):
        workflow.withdraw(session, DEU, submission.id)


def test_editing_published_work_keeps_public_revision(session: Session) -> None:
    submission = make_submission(session, status=Status.published)
    assert submission.id is not None
    published = submission.published_revision_id
    workflow.update_content(
        session, FRA, submission.id, SubmissionUpdate(title="New title"), submission.version
    )
    assert submission.status == Status.draft
    assert submission.published_revision_id == published
    assert submission.current_revision_id != published
    public = workflow.revisions(session, ANONYMOUS, submission.id)
    assert [r.title for r in public] == ["A national register of critical infrastructure operators"]
    assert len(workflow.revisions(session, FRA, submission.id)) == 2


def test_stale_version_is_refused(session: Session) -> None:
    submission = make_submission(session)
    assert submission.id is not None
    with pytest.raises(Stale):
        workflow.update_content(
            session, FRA, submission.id, SubmissionUpdate(title="x"), submission.version - 1
        )


def test_unknown_theme_is_invalid(session: Session) -> None:
    with pytest.raises(Invalid) as caught:
        make_submission(session, themes=["no-such-theme"])
    assert caught.value.field == "themes"


def test_every_write_is_audited(session: Session) -> None:
    submission = make_submission(session, status=Status.published)
    actions = session.exec(
        select(AuditEntry.action)
        .where(AuditEntry.entity_id == str(submission.id))
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["create", "submitted", "published"]
