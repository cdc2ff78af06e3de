"""The translations a draft synthesis prints: every machine draft listed for the presidency, who
confirms or rewrites it, and drafts made on demand for the practices it froze."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from norms.errors import Invalid
from submissions import translation
from submissions.access import Actor, require_presidency
from submissions.markdown import render
from submissions.models import Origin, Revision, RevisionTranslation, Submission
from submissions.translators import Translator
from synthesis.freeze import snapshot, translated
from synthesis.freeze.points import split
from synthesis.models import SynthesisItem
from synthesis.schemas import TranslationReview

# The texts of a practice a report prints, in the order the editor shows them.
REPORTED = ("title", "summary", "best_practices", "lessons_learned")


@dataclass(frozen=True)
class Draft:
    """One practice with machine drafts: its originals and translations of the texts a report
    prints, the names of those still drafts, and of sections whose points do not match."""

    submission_id: int
    participant: str
    language: str
    originals: dict[str, str]
    texts: dict[str, str]
    machine: tuple[str, ...]
    misaligned: tuple[str, ...]


def drafts(session: Session, actor: Actor, synthesis_id: int, limit: int = 50) -> list[Draft]:
    """The synthesis's practices with machine drafts among the texts it prints, by id: for the
    presidency only, as they name the participants of anonymised practices."""
    require_presidency(actor)
    snapshot.get(session, actor, synthesis_id)
    query = (
        select(
            SynthesisItem.submission_id, Submission.participant_code, Revision, RevisionTranslation
        )
        .join(Revision, col(Revision.id) == SynthesisItem.revision_id)
        .join(Submission, col(Submission.id) == SynthesisItem.submission_id)
        .join(RevisionTranslation, col(RevisionTranslation.revision_id) == Revision.id)
        .where(SynthesisItem.synthesis_id == synthesis_id)
        .order_by(col(SynthesisItem.submission_id))
    )
    found = []
    for submission_id, participant, revision, row in session.exec(query):
        machine = tuple(n for n in REPORTED if row.origin.get(n) == Origin.machine)
        if not machine:
            continue
        found.append(
            Draft(
                submission_id=submission_id,
                participant=participant,
                language=revision.language,
                originals={n: getattr(revision, n) for n in REPORTED},
                texts={n: getattr(row, n) for n in REPORTED},
                machine=machine,
                misaligned=tuple(
                    n
                    for n in ("best_practices", "lessons_learned")
                    if getattr(row, n) and not _aligned(revision, getattr(row, f"{n}_html"), n)
                ),
            )
        )
        if len(found) == limit:
            break
    return found


def review(session: Session, actor: Actor, synthesis_id: int, data: TranslationReview) -> None:
    """The presidency's wording of one practice's translated texts, kept as written by a person
    on the revision and frozen again in this draft synthesis."""
    snapshot.editable(session, actor, synthesis_id)
    item = session.get(SynthesisItem, (synthesis_id, data.submission_id))
    if item is None:
        raise Invalid("submission_id", f"practice {data.submission_id} is not in this synthesis")
    revision = session.get(Revision, item.revision_id)
    assert revision is not None
    texts = data.model_dump(exclude={"submission_id"})
    for name in ("best_practices", "lessons_learned"):
        if texts[name] and not _aligned(revision, render(texts[name]), name):
            count = len(split(getattr(revision, f"{name}_html")))
            raise Invalid(name, f"write one point per point of the original ({count})")
    translation.review(session, actor, item.revision_id, texts)
    translated.refresh(session, synthesis_id, [item.revision_id])


def draft_missing(session: Session, actor: Actor, synthesis_id: int, translator: Translator) -> int:
    """Machine drafts of the texts the synthesis's practices have no translation of; how many."""
    snapshot.editable(session, actor, synthesis_id)
    revision_ids = list(
        session.exec(
            select(SynthesisItem.revision_id).where(SynthesisItem.synthesis_id == synthesis_id)
        )
    )
    wanted = translation.untranslated(session, revision_ids)
    made = sum(translation.draft(session, revision_id, translator) for revision_id in wanted)
    translated.refresh(session, synthesis_id, wanted)
    return made


def _aligned(revision: Revision, html: str, name: str) -> bool:
    return len(split(html)) == len(split(getattr(revision, f"{name}_html")))
