"""Submission tables. A submission points at its current and its last published revision."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, Text
from sqlmodel import Field, SQLModel

from norms.models import utcnow


class Status(StrEnum):
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    published = "published"
    withdrawn = "withdrawn"


class Attribution(StrEnum):
    attributed = "attributed"
    anonymised = "anonymised"


class PracticeType(StrEnum):
    law = "law"
    strategy = "strategy"
    institution = "institution"
    procedure = "procedure"
    programme = "programme"
    exercise = "exercise"
    agreement = "agreement"


class Level(StrEnum):
    national = "national"
    bilateral = "bilateral"
    regional = "regional"
    multilateral = "multilateral"


class Implementation(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    implemented = "implemented"
    evaluated = "evaluated"


class Cycle(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    title_en: str = Field(max_length=300)
    title_fr: str = Field(max_length=300)
    presiding_code: str = Field(foreign_key="participant.code", max_length=3)
    opens_on: date
    closes_on: date
    introduction_en: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    introduction_fr: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utcnow)


class Submission(SQLModel, table=True):
    __table_args__ = (
        Index("ix_submission_public", "status", "published_at"),
        Index("ix_submission_updated_at", "updated_at"),
        # Covers what anonymous lists read and filter on, so their walk stays in the index.
        Index(
            "ix_submission_published",
            "published_at",
            "id",
            "published_revision_id",
            "status",
            "version",
            "updated_at",
        ),
        # Facet counts walk public practices in revision order, without reading the table.
        Index(
            "ix_submission_public_revision",
            "published_revision_id",
            "status",
            "participant_code",
            "published_at",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    participant_code: str = Field(foreign_key="participant.code", index=True, max_length=3)
    cycle_id: int | None = Field(default=None, foreign_key="cycle.id", index=True)
    status: str = Field(default=Status.draft, max_length=12)
    version: int = 1
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    current_revision_id: int | None = Field(default=None, index=True)
    published_revision_id: int | None = Field(default=None, index=True)
    return_comment: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None
    published_at: datetime | None = None


class Revision(SQLModel, table=True):
    # Lets list filters read language and attribution without touching the wide rows.
    __table_args__ = (Index("ix_revision_listing", "id", "language", "attribution"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    number: int
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None
    # The cycle this revision was written for: the public reads the published revision's.
    cycle_id: int | None = Field(default=None, foreign_key="cycle.id", index=True)
    language: str = Field(max_length=2)
    title: str = Field(max_length=300)
    summary: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(default="", sa_column=Column(Text, nullable=False))
    lessons_learned: str = Field(default="", sa_column=Column(Text, nullable=False))
    best_practices: str = Field(default="", sa_column=Column(Text, nullable=False))
    body_html: str = Field(default="", sa_column=Column(Text, nullable=False))
    lessons_learned_html: str = Field(default="", sa_column=Column(Text, nullable=False))
    best_practices_html: str = Field(default="", sa_column=Column(Text, nullable=False))
    norms: list[str] = Field(sa_column=Column(JSON, nullable=False))
    # The norm the delegation says its practice serves first: a synthesis places its points there.
    primary_norm: str | None = Field(default=None, max_length=10)
    themes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    references: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    period_start: date | None = None
    period_end: date | None = None
    practice_type: str | None = Field(default=None, max_length=20)
    level: str | None = Field(default=None, max_length=20)
    implementation_status: str | None = Field(default=None, max_length=20)
    lead_agency: str | None = Field(default=None, max_length=300)
    attribution: str = Field(default=Attribution.attributed, max_length=12)
    contact: str | None = Field(default=None, max_length=500)


class PointVectors(SQLModel, table=True):
    """The sentence vectors of each point of a published revision (`submissions.points` splits its
    sections), per section, packed by `point_meaning.pack`: computed once, when it is published."""

    __tablename__ = "point_vectors"
    revision_id: int = Field(foreign_key="revision.id", primary_key=True)
    model: str = Field(max_length=40)
    best_practices: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    lessons_learned: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Origin(StrEnum):
    """Who wrote a text in the other language: a person (the delegation or the presidency), or a
    translation provider (a draft the presidency has not yet confirmed)."""

    human = "human"
    machine = "machine"


TRANSLATED = ("title", "summary", "body", "lessons_learned", "best_practices")


class RevisionTranslation(SQLModel, table=True):
    """A revision's texts in the other language (EN<->FR); `origin` says, per text present,
    whether a person wrote it or a provider drafted it. An empty text has no translation."""

    __tablename__ = "revision_translation"
    revision_id: int = Field(foreign_key="revision.id", primary_key=True)
    language: str = Field(max_length=2)
    title: str = Field(default="", max_length=300)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    lessons_learned: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    best_practices: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    body_html: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    lessons_learned_html: str = Field(
        default="", sa_column=Column(Text, nullable=False, default="")
    )
    best_practices_html: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    origin: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class RevisionNorm(SQLModel, table=True):
    """Which norms a revision serves, as rows so that filters use an index."""

    __tablename__ = "revision_norm"
    __table_args__ = (Index("ix_revision_norm_norm", "norm_code", "revision_id"),)
    revision_id: int = Field(foreign_key="revision.id", primary_key=True)
    norm_code: str = Field(foreign_key="norm.code", primary_key=True, max_length=10)


class RevisionTheme(SQLModel, table=True):
    __tablename__ = "revision_theme"
    __table_args__ = (Index("ix_revision_theme_theme", "theme_code", "revision_id"),)
    revision_id: int = Field(foreign_key="revision.id", primary_key=True)
    theme_code: str = Field(foreign_key="theme.code", primary_key=True, max_length=40)


class AuditEntry(SQLModel, table=True):
    """Append-only: the app inserts rows and never updates or deletes them."""

    __tablename__ = "audit_entry"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = None
    actor_role: str | None = Field(default=None, max_length=20)
    participant_code: str | None = Field(default=None, max_length=3)
    action: str = Field(max_length=40)
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=60)
    revision_id: int | None = None
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Role(StrEnum):
    presidency = "presidency"
    delegation = "delegation"


class User(SQLModel, table=True):
    """A person who logs in: a member of the presidency or of one participant's delegation."""

    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True)
    password_hash: str = Field(max_length=300)
    role: str = Field(max_length=20)
    participant_code: str | None = Field(default=None, foreign_key="participant.code", max_length=3)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    # The language the user last logged in with: their e-mails are written in it.
    lang: str = Field(default="en", max_length=2)


class Notification(SQLModel, table=True):
    """Something that happened to a practice, for one user: the in-app list of what is e-mailed."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user", "user_id", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id")
    event: str = Field(max_length=20)  # submitted | returned | published
    submission_id: int = Field(foreign_key="submission.id")
    title: str = Field(max_length=300)
    comment: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None


class ApiToken(SQLModel, table=True):
    """A bearer token, stored as its SHA-256 digest only."""

    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
