"""The life of a submission: draft, submitted, returned, published, withdrawn."""

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from norms.errors import Conflict, Forbidden, Invalid, NotFound, Stale
from norms.models import Norm, Participant, Theme, utcnow
from submissions import audit, messages, notifications, publication, search, translation
from submissions.access import Actor, can_see, can_see_private, owns, require_presidency
from submissions.markdown import render
from submissions.models import (
    Cycle,
    Origin,
    Revision,
    RevisionNorm,
    RevisionTheme,
    Status,
    Submission,
)
from submissions.schemas import SubmissionCreate, SubmissionUpdate

_CONTENT = (
    "title",
    "summary",
    "body",
    "lessons_learned",
    "best_practices",
    "language",
    "themes",
    "primary_norm",
    "period_start",
    "period_end",
    "practice_type",
    "level",
    "implementation_status",
    "lead_agency",
    "attribution",
    "contact",
)
_EDITABLE = {Status.draft, Status.submitted, Status.returned, Status.published}


def get(session: Session, actor: Actor, submission_id: int) -> Submission:
    """The submission, if this actor may know it exists."""
    submission = session.get(Submission, submission_id)
    if submission is None or not can_see(actor, submission):
        raise NotFound(f"no submission {submission_id}")
    return submission


def create(session: Session, actor: Actor, data: SubmissionCreate) -> Submission:
    participant = _participant_for(session, actor, data.participant)
    submission = Submission(
        participant_code=participant,
        cycle_id=_cycle_id(session, data.cycle),
        status=Status.draft,
        author_id=actor.user_id,
    )
    session.add(submission)
    session.flush()
    fields = data.model_dump(include=set(_CONTENT))
    revision = _add_revision(session, actor, submission, fields, data.norms, _refs(data.references))
    if data.translation is not None:
        translation.write(session, revision, data.translation.model_dump(), Origin.human)
    audit.record(session, actor, "create", "submission", submission.id, revision.id)
    return submission


def update_content(
    session: Session,
    actor: Actor,
    submission_id: int,
    data: SubmissionUpdate,
    expected_version: int,
) -> Submission:
    """Write a new revision. Editing published work sends it back to draft; the public keeps the old."""
    submission = get(session, actor, submission_id)
    _require_author(actor, submission)
    if submission.version != expected_version:
        raise Stale(f"submission {submission_id} is at version {submission.version}")
    if submission.status not in _EDITABLE:
        raise Conflict(f"a {submission.status} submission cannot be edited")
    changes = data.model_dump(exclude_unset=True)
    current = _revision(session, submission.current_revision_id)
    fields: dict[str, Any] = {name: getattr(current, name) for name in _CONTENT}
    fields.update({k: v for k, v in changes.items() if k in _CONTENT})
    for required in ("title", "summary", "language", "attribution"):
        if fields[required] is None:
            raise Invalid(required, "may not be null")
    norms = data.norms if data.norms is not None else list(current.norms)
    if "primary_norm" not in changes and fields["primary_norm"] not in norms:
        fields["primary_norm"] = None  # the kept choice no longer fits the new norms
    refs = _refs(data.references) if data.references is not None else list(current.references)
    if "cycle" in changes:
        submission.cycle_id = _cycle_id(session, data.cycle)
    _claim(session, submission)
    revision = _add_revision(session, actor, submission, fields, norms, refs)
    translation.carry(session, current, revision)
    if data.translation is not None:
        translation.write(session, revision, data.translation.model_dump(), Origin.human)
    if submission.status == Status.published:
        submission.status = Status.draft
    audit.record(
        session,
        actor,
        "update",
        "submission",
        submission.id,
        revision.id,
        {"fields": sorted(changes)},
    )
    return submission


def submit(session: Session, actor: Actor, submission_id: int) -> Submission:
    """Send a draft or a returned submission to the presidency for review."""
    submission = get(session, actor, submission_id)
    _require_author(actor, submission)
    _move(session, actor, submission, {Status.draft, Status.returned}, Status.submitted)
    notifications.notify(session, actor, submission, "submitted")
    return submission


def publish(session: Session, actor: Actor, submission_id: int) -> Submission:
    require_presidency(actor)
    submission = get(session, actor, submission_id)
    _move(session, actor, submission, {Status.submitted}, Status.published)
    submission.published_revision_id = submission.current_revision_id
    submission.published_at = utcnow()
    submission.return_comment = None
    revision = _revision(session, submission.current_revision_id)
    revision.published_at = submission.published_at
    session.add(revision)
    search.reindex(session, submission)
    notifications.notify(session, actor, submission, "published")
    publication.mark(session, revision.id or 0)  # encoded and translated by a job after commit
    return submission


def return_(session: Session, actor: Actor, submission_id: int, comment: str) -> Submission:
    """Send a submission back to its delegation with the presidency's comment."""
    require_presidency(actor)
    submission = get(session, actor, submission_id)
    submission.return_comment = comment
    _move(session, actor, submission, {Status.submitted}, Status.returned, {"comment": comment})
    notifications.notify(session, actor, submission, "returned", comment)
    return submission


def withdraw(session: Session, actor: Actor, submission_id: int) -> Submission:
    submission = get(session, actor, submission_id)
    _require_author(actor, submission)
    allowed: set[Status] = {s for s in Status if s is not Status.withdrawn}
    return _move(session, actor, submission, allowed, Status.withdrawn)


def revisions(session: Session, actor: Actor, submission_id: int) -> list[Revision]:
    """Every revision for the owner and the presidency; only published ones for everyone else."""
    submission = get(session, actor, submission_id)
    query = select(Revision).where(Revision.submission_id == submission.id)
    if not can_see_private(actor, submission):
        query = query.where(col(Revision.published_at).is_not(None))
    return list(session.exec(query.order_by(col(Revision.number))).all())


def _move(
    session: Session,
    actor: Actor,
    submission: Submission,
    sources: set[Status],
    target: Status,
    detail: dict[str, Any] | None = None,
) -> Submission:
    if submission.status not in sources:
        raise Conflict(f"a {submission.status} submission cannot become {target}")
    _claim(session, submission)
    before = submission.status
    submission.status = target
    if target is Status.submitted:
        submission.submitted_at = utcnow()
    if target is Status.withdrawn:
        search.reindex(session, submission)
    audit.record(
        session,
        actor,
        target.name if target is not Status.returned else "return",
        "submission",
        submission.id,
        submission.current_revision_id,
        {"from": before, **(detail or {})},
    )
    return submission


def _claim(session: Session, submission: Submission) -> None:
    """Compare-and-set the version, so that of two concurrent writers exactly one wins."""
    version = submission.version
    result = session.execute(
        update(Submission)
        .where(col(Submission.id) == submission.id, col(Submission.version) == version)
        .values(version=version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult
        raise Stale(f"submission {submission.id} was changed by someone else")
    session.refresh(submission, attribute_names=["version", "updated_at"])


def _add_revision(
    session: Session,
    actor: Actor,
    submission: Submission,
    fields: dict[str, Any],
    norms: list[str],
    references: list[dict[str, str]],
) -> Revision:
    _check_norms(session, norms)
    if fields.get("primary_norm") and fields["primary_norm"] not in norms:
        raise Invalid("primary_norm", "the primary norm must be one of the practice's norms")
    _check_themes(session, fields.get("themes") or [])
    if (
        fields.get("period_start")
        and fields.get("period_end")
        and fields["period_end"] < fields["period_start"]
    ):
        raise Invalid("period_end", messages.PERIOD_ORDER)
    number = (
        1
        if submission.current_revision_id is None
        else _revision(session, submission.current_revision_id).number + 1
    )
    revision = Revision(
        submission_id=submission.id or 0,
        number=number,
        author_id=actor.user_id,
        cycle_id=submission.cycle_id,
        norms=norms,
        references=references,
        body_html=render(fields.get("body") or ""),
        lessons_learned_html=render(fields.get("lessons_learned") or ""),
        best_practices_html=render(fields.get("best_practices") or ""),
        **{k: (v.value if hasattr(v, "value") else v) for k, v in fields.items()},
    )
    session.add(revision)
    session.flush()
    assert revision.id is not None
    session.add_all([RevisionNorm(revision_id=revision.id, norm_code=code) for code in norms])
    session.add_all(
        [RevisionTheme(revision_id=revision.id, theme_code=code) for code in revision.themes]
    )
    submission.current_revision_id = revision.id
    session.add(submission)
    session.flush()
    search.reindex(session, submission)
    return revision


def _revision(session: Session, revision_id: int | None) -> Revision:
    revision = session.get(Revision, revision_id) if revision_id is not None else None
    if revision is None:
        raise NotFound(f"no revision {revision_id}")
    return revision


def _refs(references: list[Any]) -> list[dict[str, str]]:
    return [{"title": ref.title, "url": str(ref.url)} for ref in references]


def _participant_for(session: Session, actor: Actor, requested: str | None) -> str:
    if actor.is_anonymous:
        raise Forbidden("log in to write practices")
    code = (requested or actor.participant or "").upper()
    if not actor.is_presidency and code != actor.participant:
        raise Forbidden("a delegation writes only for its own participant")
    if not code:
        raise Invalid("participant", "the presidency must say which participant it writes for")
    if session.get(Participant, code) is None:
        raise Invalid("participant", f"unknown participant {code}")
    return code


def _require_author(actor: Actor, submission: Submission) -> None:
    if not (actor.is_presidency or owns(actor, submission)):
        raise Forbidden("only the owning delegation or the presidency may do this")


def _cycle_id(session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    cycle = session.exec(select(Cycle).where(Cycle.code == code)).first()
    if cycle is None:
        raise Invalid("cycle", messages.UNKNOWN_CYCLE)
    return cycle.id


def _check_norms(session: Session, codes: list[str]) -> None:
    if not codes:
        raise Invalid("norms", messages.describe("norms", "missing") or "")
    known = set(session.exec(select(Norm.code).where(col(Norm.code).in_(codes))).all())
    for code in codes:
        if code not in known:
            raise Invalid("norms", messages.UNKNOWN_NORM)


def _check_themes(session: Session, codes: list[str]) -> None:
    if not codes:
        return
    known = set(session.exec(select(Theme.code).where(col(Theme.code).in_(codes))).all())
    for code in codes:
        if code not in known:
            raise Invalid("themes", messages.UNKNOWN_THEME)
