"""Turn syntheses and their groupings into their read shapes."""

from datetime import datetime
from typing import Any

from synthesis.consolidate import Group
from synthesis.models import Synthesis, SynthesisStatus
from synthesis.schemas import (
    Bilingual,
    GroupingEdit,
    GroupPoint,
    GroupRead,
    Section,
    SectionRead,
    SynthesisRead,
)


def to_read(
    synthesis: Synthesis, practices: int, cycle: str | None, reports: dict[str, str]
) -> SynthesisRead:
    options: dict[str, Any] = synthesis.options
    texts: dict[str, Any] = synthesis.texts
    return SynthesisRead(
        id=synthesis.id or 0,
        title=synthesis.title,
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
        way_forward=Bilingual(**texts.get("way_forward", {})),
        framing={code: Bilingual(**value) for code, value in texts.get("framing", {}).items()},
        edits=[GroupingEdit.model_validate(edit) for edit in synthesis.edits],
        reports=reports,
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
            )
            for group in groups
        ],
    )
