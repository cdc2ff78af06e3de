"""Turn a submission and the revision an actor may see into its read shape."""

from sqlmodel import Session, select

from submissions.access import Actor, can_see_private
from submissions.models import Attribution, Cycle, Revision, RevisionTranslation, Status, Submission
from submissions.schemas import ReferenceRead, RevisionRead, SubmissionRead, TranslationRead


def cycle_codes(session: Session) -> dict[int, str]:
    return {id_: code for id_, code in session.exec(select(Cycle.id, Cycle.code)).all() if id_}


def to_read(
    actor: Actor, submission: Submission, revision: Revision, cycles: dict[int, str]
) -> SubmissionRead:
    private = can_see_private(actor, submission)
    anonymous = revision.attribution == Attribution.anonymised and not private
    return SubmissionRead(
        id=submission.id or 0,
        participant=None if anonymous else submission.participant_code,
        status=Status(submission.status) if private else Status.published,
        # the public's version is the published revision's: a draft's edits do not show
        version=submission.version if private else revision.number,
        revision=revision.number,
        cycle=cycles.get(revision.cycle_id) if revision.cycle_id else None,
        norms=list(revision.norms),
        primary_norm=revision.primary_norm,
        themes=list(revision.themes),
        language=revision.language,
        title=revision.title,
        summary=revision.summary,
        body=revision.body,
        lessons_learned=revision.lessons_learned,
        best_practices=revision.best_practices,
        body_html=revision.body_html,
        lessons_learned_html=revision.lessons_learned_html,
        best_practices_html=revision.best_practices_html,
        references=[ReferenceRead(**ref) for ref in revision.references],
        period_start=revision.period_start,
        period_end=revision.period_end,
        practice_type=revision.practice_type,
        level=revision.level,
        implementation_status=revision.implementation_status,
        lead_agency=revision.lead_agency,
        attribution=revision.attribution,
        contact=revision.contact if private else None,
        return_comment=submission.return_comment if private else None,
        created_at=submission.created_at,
        updated_at=submission.updated_at
        if private
        else (submission.published_at or submission.updated_at),
        published_at=submission.published_at,
    )


def revision_read(
    revision: Revision, translated: RevisionTranslation | None = None
) -> RevisionRead:
    read = RevisionRead.model_validate(revision, from_attributes=True)
    if translated is not None:
        read.translation = TranslationRead.model_validate(translated, from_attributes=True)
    return read
