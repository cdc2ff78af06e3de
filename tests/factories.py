"""Plain functions that make test data through the real workflow."""

from typing import Any

from sqlmodel import Session

from submissions import publication, workflow
from submissions.access import Actor
from submissions.models import Role, Status, Submission
from submissions.schemas import SubmissionCreate

PRESIDENCY = Actor(user_id=None, role=Role.presidency, participant="FRA")


def practice_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "norms": ["13g"],
        "title": "A national register of critical infrastructure operators",
        "summary": "How the register was built and kept current.",
        "body": "The agency keeps a **register** of operators.",
        "best_practices": "- Review the register every year\n- Name a contact point in each operator",
        "lessons_learned": "- Sector regulators must be involved from the start",
        "language": "en",
        "themes": ["critical-infrastructure"],
    }
    data.update(overrides)
    return data


def prepare_published(session: Session) -> None:
    """What the publication job does once the transaction commits, for tests that do not commit."""
    for revision_id in publication.take(session):
        publication.prepare(session, revision_id, None)


def delegation_actor(participant: str) -> Actor:
    return Actor(user_id=None, role=Role.delegation, participant=participant)


def make_submission(
    session: Session, participant: str = "FRA", status: Status = Status.draft, **overrides: Any
) -> Submission:
    author = delegation_actor(participant)
    submission = workflow.create(
        session, author, SubmissionCreate.model_validate(practice_data(**overrides))
    )
    assert submission.id is not None
    if status is Status.draft:
        return submission
    workflow.submit(session, author, submission.id)
    if status in {Status.published, Status.withdrawn}:
        workflow.publish(session, PRESIDENCY, submission.id)
        prepare_published(session)
    if status is Status.returned:
        workflow.return_(session, PRESIDENCY, submission.id, "Please add dates.")
    if status is Status.withdrawn:
        workflow.withdraw(session, author, submission.id)
    return submission
