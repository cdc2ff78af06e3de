"""A revision's texts in the other language: written by a person, or drafted by a provider."""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, col, select

from norms.errors import Invalid, NotFound
from norms.models import utcnow
from submissions import audit
from submissions.access import Actor, require_presidency
from submissions.markdown import render
from submissions.models import TRANSLATED, Origin, Revision, RevisionTranslation, Submission
from submissions.translators import Translator

_MARKDOWN = ("body", "lessons_learned", "best_practices")


def other(language: str) -> str:
    return "fr" if language == "en" else "en"


def of(session: Session, revision_id: int) -> RevisionTranslation | None:
    return session.get(RevisionTranslation, revision_id)


def write(
    session: Session, revision: Revision, texts: Mapping[str, str | None], origin: Origin
) -> RevisionTranslation:
    """Set the texts given (None leaves one as it is, "" removes it), each marked `origin`."""
    row = of(session, revision.id or 0)
    if row is None:
        row = RevisionTranslation(revision_id=revision.id or 0, language=other(revision.language))
        if not any((value or "").strip() for value in texts.values()):
            return row  # nothing to keep: no row for a revision without translation
    marks = dict(row.origin)
    for name, value in texts.items():
        if name not in TRANSLATED:
            raise Invalid(name, "is not a text that can be translated")
        if value is None:
            continue
        value = value.strip()
        setattr(row, name, value)
        if name in _MARKDOWN:
            setattr(row, f"{name}_html", render(value))
        if value:
            marks[name] = origin.value
        else:
            marks.pop(name, None)
    row.origin = marks
    row.updated_at = utcnow()
    flag_modified(row, "origin")
    session.add(row)
    session.flush()
    return row


def carry(session: Session, previous: Revision, revision: Revision) -> None:
    """Keep the previous revision's translations of the texts a new revision left unchanged."""
    before = of(session, previous.id or 0)
    if before is None or previous.language != revision.language:
        return
    kept = {
        name: getattr(before, name)
        for name in TRANSLATED
        if name in before.origin and getattr(previous, name) == getattr(revision, name)
    }
    for origin in Origin:
        texts = {name: text for name, text in kept.items() if before.origin[name] == origin}
        if texts:
            write(session, revision, texts, origin)


def review(
    session: Session, actor: Actor, revision_id: int, texts: Mapping[str, str | None]
) -> RevisionTranslation:
    """The presidency confirms or rewrites translations: each text given becomes `human`."""
    require_presidency(actor)
    revision = session.get(Revision, revision_id)
    if revision is None:
        raise NotFound(f"no revision {revision_id}")
    row = write(session, revision, texts, Origin.human)
    names = sorted(name for name, value in texts.items() if value is not None)
    audit.record(
        session,
        actor,
        "translate",
        "submission",
        revision.submission_id,
        revision.id,
        {"texts": names},
    )
    return row


def draft(session: Session, revision_id: int, translator: Translator) -> int:
    """Machine drafts of the revision's texts that have no translation yet; how many were made.
    One call to the provider per revision: what a background job runs after publication."""
    revision = session.get(Revision, revision_id)
    if revision is None:
        raise NotFound(f"no revision {revision_id}")
    row = of(session, revision_id)
    wanted = [
        name
        for name in TRANSLATED
        if getattr(revision, name).strip() and not (row and getattr(row, name).strip())
    ]
    if not wanted:
        return 0
    originals = [getattr(revision, name) for name in wanted]
    drafts = translator.translate(originals, revision.language, other(revision.language))
    write(session, revision, dict(zip(wanted, drafts, strict=True)), Origin.machine)
    return len(wanted)


def untranslated(session: Session, revision_ids: Sequence[int] | None = None) -> list[int]:
    """Published revisions (current or frozen in `revision_ids`) missing a translated text."""
    if revision_ids is None:
        query = _missing().join(Submission, col(Submission.published_revision_id) == Revision.id)
        return _ids(session, query)
    found = []
    for start in range(0, len(revision_ids), _CHUNK):
        chunk = list(revision_ids[start : start + _CHUNK])
        found += _ids(session, _missing().where(col(Revision.id).in_(chunk)))
    return found


_CHUNK = 1000


def _missing() -> Any:
    return select(Revision, RevisionTranslation).outerjoin(
        RevisionTranslation, col(RevisionTranslation.revision_id) == Revision.id
    )


def _ids(session: Session, query: Any) -> list[int]:
    return [
        revision.id or 0
        for revision, row in session.exec(query.order_by(col(Revision.id)))
        if any(
            getattr(revision, name).strip() and not (row and getattr(row, name).strip())
            for name in TRANSLATED
        )
    ]
