"""Who is acting, and what they may see. Every read of submissions goes through here."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, case, literal, or_, true
from sqlmodel import col

from norms.errors import Forbidden
from submissions.models import Attribution, Revision, Role, Status, Submission


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    role: Role | None = None
    participant: str | None = None

    @property
    def is_presidency(self) -> bool:
        return self.role is Role.presidency

    @property
    def is_anonymous(self) -> bool:
        return self.role is None


ANONYMOUS = Actor()


def is_public(submission: Submission) -> bool:
    return submission.published_revision_id is not None and submission.status != Status.withdrawn


def owns(actor: Actor, submission: Submission) -> bool:
    return actor.role is Role.delegation and actor.participant == submission.participant_code


def can_see_private(actor: Actor, submission: Submission) -> bool:
    """Drafts, contact details, return comments and the participant of anonymised work."""
    return actor.is_presidency or owns(actor, submission)


def can_see(actor: Actor, submission: Submission) -> bool:
    return can_see_private(actor, submission) or is_public(submission)


def public_clause() -> ColumnElement[bool]:
    return and_(
        col(Submission.published_revision_id).is_not(None),
        col(Submission.status) != Status.withdrawn,
    )


def visible_to(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause on Submission: the rows this actor may know exist."""
    if actor.is_presidency:
        return true()
    if actor.role is Role.delegation:
        return or_(col(Submission.participant_code) == actor.participant, public_clause())
    return public_clause()


def shown_revision_id(actor: Actor, submission: Submission) -> int | None:
    """Owners and the presidency see the working revision; everyone else the published one."""
    if can_see_private(actor, submission):
        return submission.current_revision_id
    return submission.published_revision_id


def shown_revision_clause(actor: Actor) -> ColumnElement[bool]:
    """A join condition picking, per submission, the revision `shown_revision_id` would pick."""
    published = col(Revision.id) == Submission.published_revision_id
    current = col(Revision.id) == Submission.current_revision_id
    if actor.is_presidency:
        return current
    if actor.role is Role.delegation:
        own = col(Submission.participant_code) == actor.participant
        return or_(and_(own, current), and_(~own, published))
    return published


def shown_revision_column(actor: Actor) -> SQLColumnExpression[int | None]:
    """The id of the revision `shown_revision_id` would pick, as a column of Submission."""
    if actor.is_presidency:
        return col(Submission.current_revision_id)
    if actor.role is Role.delegation:
        return case(
            (col(Submission.participant_code) == actor.participant, Submission.current_revision_id),
            else_=Submission.published_revision_id,
        )
    return col(Submission.published_revision_id)


def participant_filter_clause(actor: Actor, code: str, value: Any = None) -> ColumnElement[bool]:
    """Filtering by participant must never reveal who wrote anonymised work.

    `value` is what the column is compared with: `code` itself unless a bound parameter is given.
    """
    mine = col(Submission.participant_code) == (code if value is None else value)
    if actor.is_presidency or (actor.role is Role.delegation and actor.participant == code):
        return mine
    return and_(mine, col(Revision.attribution) == Attribution.attributed)


def participants_filter_clause(
    actor: Actor, codes: tuple[str, ...], value: Any
) -> ColumnElement[bool]:
    """Any of several participants (`value`, an expanding parameter holding `codes`), with the rule
    of `participant_filter_clause` for each: a delegation sees its own anonymised work only."""
    listed = col(Submission.participant_code).in_(value)
    if actor.is_presidency:
        return listed
    attributed = and_(listed, col(Revision.attribution) == Attribution.attributed)
    if actor.role is Role.delegation and actor.participant in codes:
        return or_(col(Submission.participant_code) == actor.participant, attributed)
    return attributed


def status_clause(actor: Actor, status: str, value: Any = None) -> ColumnElement[bool]:
    """Filtering by status as each reader sees it: another's practice is published to them, with
    whatever its working copy's state (an edited published practice is a draft to its owner)."""
    given = literal(status) if value is None else value
    actual = col(Submission.status) == given
    if actor.is_presidency:
        return actual
    # compared in SQL, not here: the statement is kept and run again with other values
    seen_as_published = given == literal(Status.published.value)
    if actor.role is Role.delegation:
        return or_(
            and_(col(Submission.participant_code) == actor.participant, actual),
            and_(col(Submission.participant_code) != actor.participant, seen_as_published),
        )
    return seen_as_published


def require_presidency(actor: Actor) -> None:
    if not actor.is_presidency:
        raise Forbidden("only the presidency may do this")
