"""Everything a synthesis document is built from: loaded once, but for the points, which a
document loads a chapter at a time so that it never holds them all."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from sqlmodel import Session

from synthesis import snapshot
from synthesis.consolidate import Point
from synthesis.models import Synthesis
from synthesis.practice import Practice, consolidated

PointLoader = Callable[[Sequence[int]], dict[int, dict[str, tuple[Point, ...]]]]


@dataclass(frozen=True)
class Source:
    """`practices` come without their points: `points` loads those of the practices named."""

    title: str
    is_published: bool
    published_on: date | None
    as_of: datetime
    options: dict[str, Any]
    texts: dict[str, Any]
    catalogue: dict[str, Any]
    edits: list[dict[str, Any]]
    grouping: dict[str, list[list[str]]]
    practices: Sequence[Practice]
    names: dict[str, dict[str, str]]
    points: PointLoader


def load(session: Session, synthesis: Synthesis) -> Source:
    grouping = synthesis.grouping
    if grouping is None:  # made before groupings were kept: consolidate every point now
        codes = [n["code"] for n in synthesis.catalogue["norms"]]
        grouping = consolidated(snapshot.practices(session, synthesis), codes)
    return Source(
        title=synthesis.title,
        is_published=snapshot.is_published(synthesis),
        published_on=synthesis.published_at.date() if synthesis.published_at else None,
        as_of=datetime.fromisoformat(synthesis.options["as_of"]),
        options=synthesis.options,
        texts=synthesis.texts,
        catalogue=synthesis.catalogue,
        edits=synthesis.edits,
        grouping=grouping,
        practices=snapshot.practices(session, synthesis, with_points=False),
        names=snapshot.participant_names(session),
        points=partial(snapshot.points, session, synthesis.id or 0),
    )
