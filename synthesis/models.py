"""Synthesis tables: a snapshot of published revisions, with the presidency's texts and edits."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Select, select
from sqlmodel import Field, SQLModel

from norms.models import utcnow
from submissions.models import Revision, Submission


class SynthesisStatus(StrEnum):
    draft = "draft"
    published = "published"


class Synthesis(SQLModel, table=True):
    """`options` says what was asked for; `catalogue` freezes the norm texts quoted; `texts` holds
    the presidency's introduction, framing and way forward; `edits` the presidency's changes to
    the consolidation computed when it was made, kept in `synthesis_grouping`. A synthesis made
    before groupings were kept has `has_grouping` false: its reports consolidate afresh.
    `figures` are counted when it is made (`synthesis.compose.figures`): a snapshot never changes."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)  # in English; `title_fr` in French
    title_fr: str | None = Field(default=None, max_length=300)
    cycle_id: int | None = Field(default=None, foreign_key="cycle.id")
    options: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=SynthesisStatus.draft, max_length=12, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    published_at: datetime | None = None
    texts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    catalogue: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    edits: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    has_grouping: bool = False
    figures: dict[str, int] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class SynthesisItem(SQLModel, table=True):
    """One practice in a synthesis, frozen at the revision that was published when it was made.
    `points`: per section letter ("b", "l"), its points as [html, markdown, text];
    `translation` the same in the revision's other language, each point with its origin last
    (`synthesis.freeze.translated`), and `machine` how many of those texts a provider drafted."""

    __tablename__ = "synthesis_item"
    synthesis_id: int = Field(foreign_key="synthesis.id", primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", primary_key=True)
    revision_id: int = Field(foreign_key="revision.id")
    points: dict[str, list[list[str]]] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    translation: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    other_title: str | None = Field(
        default=None, max_length=300
    )  # the translation's, for the annex
    other_title_machine: bool = False  # that title is a provider's draft
    machine: int = 0


class SynthesisGrouping(SQLModel, table=True):
    """One chapter section's consolidation, as computed when the synthesis was made: `groups` of
    point keys, and their number in `size` (a report numbers its paragraphs before it loads
    them). Kept a row per section, so a report reads one chapter's at a time. `central`: per
    group, the key of its point closest in meaning to the others (None before they were kept);
    `apart`: the keys of the points a report prints in their own words (`merging.set_apart`;
    None before they were kept, when every point is credited with its group's words)."""

    __tablename__ = "synthesis_grouping"
    synthesis_id: int = Field(foreign_key="synthesis.id", primary_key=True)
    norm: str = Field(primary_key=True, max_length=10)
    section: str = Field(primary_key=True, max_length=20)
    size: int
    groups: list[list[str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    central: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # None is SQL NULL (a backup restores it so), not JSON null: `grouping.sets_apart` reads it.
    apart: list[str] | None = Field(
        default=None, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )


ITEMS = SynthesisItem.__table__.c  # type: ignore[attr-defined]
REVISIONS = Revision.__table__.c  # type: ignore[attr-defined]
SUBMISSIONS = Submission.__table__.c  # type: ignore[attr-defined]


def frozen(*columns: Any) -> Select[Any]:
    """`columns` of the syntheses' frozen revisions (`ITEMS`, `REVISIONS`), each with its
    submission (`SUBMISSIONS`): Core, whose plain rows a large snapshot reads by the hundred
    thousand (the ORM's handling of each row took half the time)."""
    items, revisions = SynthesisItem.__table__, Revision.__table__  # type: ignore[attr-defined]
    joined = items.join(revisions, REVISIONS.id == ITEMS.revision_id).join(
        Submission.__table__,  # type: ignore[attr-defined]
        SUBMISSIONS.id == ITEMS.submission_id,
    )
    return select(*columns).select_from(joined)
