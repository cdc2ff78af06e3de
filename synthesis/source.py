"""Everything a synthesis document is built from, loaded once so that building does no I/O."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from synthesis import snapshot
from synthesis.models import Synthesis
from synthesis.practice import Practice


@dataclass(frozen=True)
class Source:
    title: str
    is_published: bool
    published_on: date | None
    as_of: datetime
    options: dict[str, Any]
    texts: dict[str, Any]
    catalogue: dict[str, Any]
    edits: list[dict[str, Any]]
    grouping: dict[str, list[list[str]]] | None
    practices: Sequence[Practice]
    names: dict[str, dict[str, str]]


def load(session: Session, synthesis: Synthesis) -> Source:
    return Source(
        title=synthesis.title,
        is_published=snapshot.is_published(synthesis),
        published_on=synthesis.published_at.date() if synthesis.published_at else None,
        as_of=datetime.fromisoformat(synthesis.options["as_of"]),
        options=synthesis.options,
        texts=synthesis.texts,
        catalogue=synthesis.catalogue,
        edits=synthesis.edits,
        grouping=synthesis.grouping,
        practices=snapshot.practices(session, synthesis),
        names=snapshot.participant_names(session),
    )
