"""The synthesis as the API, the pages and the command line use it: one module to call.

The pipeline behind it: `freeze` (the published revisions, split into points, kept with the
synthesis) -> `consolidate` (points that say the same thing become one) -> `compose` (a document
in one language) -> `render` (Markdown, HTML, DOCX, PDF). Callers outside the package use these
names only; the read shapes of syntheses and their groupings are made here too.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from synthesis.compose.figures import figures
from synthesis.compose.source import load as load_source
from synthesis.compose.wording import LANGUAGES
from synthesis.consolidate.grouping import add_edit, remove_edit
from synthesis.consolidate.grouping import current as current_grouping
from synthesis.consolidate.merging import SECTIONS, Group
from synthesis.freeze.drafts import Draft, draft_missing, drafts, review
from synthesis.freeze.snapshot import (
    check as check_create,
)
from synthesis.freeze.snapshot import (
    count_practices,
    create,
    get,
    is_published,
    list_syntheses,
    publish,
    update_texts,
)
from synthesis.models import Synthesis, SynthesisStatus
from synthesis.render.report import (
    MEDIA_TYPES,
    chunks,
    document,
    filename,
    page_document,
    size,
    spooled,
    write_document,
    write_text,
    write_to,
)
from synthesis.schemas import (
    Bilingual,
    DraftRead,
    GroupingEdit,
    GroupPoint,
    GroupRead,
    Section,
    SectionRead,
    SynthesisRead,
)

__all__ = [
    "LANGUAGES",
    "MEDIA_TYPES",
    "SECTIONS",
    "add_edit",
    "check_create",
    "chunks",
    "count_practices",
    "create",
    "current_grouping",
    "document",
    "draft_missing",
    "draft_read",
    "drafts",
    "existing_ids",
    "figures",
    "filename",
    "get",
    "is_published",
    "list_syntheses",
    "load_source",
    "page_document",
    "publish",
    "remove_edit",
    "review",
    "section_read",
    "size",
    "spooled",
    "to_read",
    "update_texts",
    "write_document",
    "write_text",
    "write_to",
]


def to_read(
    synthesis: Synthesis, practices: int, cycle: str | None, reports: dict[str, str]
) -> SynthesisRead:
    options: dict[str, Any] = synthesis.options
    texts: dict[str, Any] = synthesis.texts
    return SynthesisRead(
        id=synthesis.id or 0,
        title=synthesis.title,
        title_fr=synthesis.title_fr,
        status=SynthesisStatus(synthesis.status),
        cycle=cycle,
        norms=options.get("norms"),
        participants=options.get("participants"),
        as_of=datetime.fromisoformat(options["as_of"]),
        include_empty_norms=bool(options.get("include_empty_norms")),
        practices=practices,
        created_at=synthesis.created_at,
        published_at=synthesis.published_at,
        introduction=Bilingual(**texts.get("introduction", {})),
        key_findings=Bilingual(**texts.get("key_findings", {})),
        way_forward=Bilingual(**texts.get("way_forward", {})),
        framing={code: Bilingual(**value) for code, value in texts.get("framing", {}).items()},
        overview={code: Bilingual(**value) for code, value in texts.get("overview", {}).items()},
        edits=[GroupingEdit.model_validate(edit) for edit in synthesis.edits],
        reports=reports,
    )


def draft_read(draft: Draft) -> DraftRead:
    return DraftRead(
        submission_id=draft.submission_id,
        participant=draft.participant,
        language=draft.language,
        originals=draft.originals,
        texts=draft.texts,
        machine=list(draft.machine),
        misaligned=list(draft.misaligned),
    )


def section_read(norm: str, section: str, groups: list[Group]) -> SectionRead:
    return SectionRead(
        norm=norm,
        section=Section(section),
        groups=[
            GroupRead(
                key=group.key,
                points=[
                    GroupPoint(key=p.key, submission_id=p.submission_id, text=p.text)
                    for p in group.points
                ],
                rewording=dict(group.rewording),
                aside=[p.key for p in group.aside],
            )
            for group in groups
        ],
    )


def existing_ids(session: Session, ids: Iterable[int]) -> set[int]:
    """Which of these syntheses still exist."""
    statement = select(Synthesis.id).where(col(Synthesis.id).in_(list(ids)))
    return {found for found in session.exec(statement) if found is not None}
