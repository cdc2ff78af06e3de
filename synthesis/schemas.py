"""Input and output shapes of syntheses."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from norms.codes import canonical
from norms.lang import Lang
from synthesis.models import SynthesisStatus

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, Field(max_length=20_000)]
PointKey = Annotated[str, StringConstraints(pattern=r"^\d{1,10}\.[bl]\d{1,4}$")]


class Format(StrEnum):
    md = "md"
    html = "html"
    docx = "docx"
    pdf = "pdf"


class Section(StrEnum):
    best_practices = "best_practices"
    lessons_learned = "lessons_learned"


def _norm_code(value: str) -> str:
    code = canonical(value)
    if code is None:
        raise ValueError(f"unknown norm {value!r}; use a code such as 13a or 13(a)")
    return code


class SynthesisCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Title = Field(description="The title in English.")
    title_fr: Title | None = Field(
        default=None, description="The title in French; the English one until it is set."
    )
    cycle: Annotated[str, StringConstraints(max_length=40)] | None = None
    norms: Annotated[list[Annotated[str, Field(max_length=20)]], Field(max_length=11)] | None = (
        Field(default=None, description="Norms to cover; all when omitted.")
    )
    participants: (
        Annotated[
            list[Annotated[str, StringConstraints(min_length=2, max_length=3)]],
            Field(max_length=200),
        ]
        | None
    ) = Field(
        default=None,
        description="Only these participants' attributed practices (anonymised ones are left out, "
        "since naming the filter would name their authors).",
    )
    as_of: datetime | None = Field(
        default=None, description="Practices as published at this moment; now when omitted."
    )
    include_empty_norms: bool = Field(
        default=False, description="List norms without practice as 'no practice shared'."
    )

    @field_validator("norms")
    @classmethod
    def _norms(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else list(dict.fromkeys(_norm_code(v) for v in values))

    @field_validator("participants")
    @classmethod
    def _participants(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else list(dict.fromkeys(v.strip().upper() for v in values))


class Bilingual(BaseModel):
    model_config = ConfigDict(extra="forbid")
    en: Text | None = None
    fr: Text | None = None


class TitleUpdate(BaseModel):
    """The synthesis's title per language; a language left out keeps its title."""

    model_config = ConfigDict(extra="forbid")
    en: Title | None = None
    fr: Title | None = None


class TranslationReview(BaseModel):
    """The presidency's wording of a practice's texts in the other language: each text sent is
    kept as written by a person (a machine draft sent unchanged is thereby confirmed)."""

    model_config = ConfigDict(extra="forbid")
    submission_id: int = Field(ge=1, le=2_147_483_647, description="A practice of the synthesis.")
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = None
    summary: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] | None = None
    lessons_learned: Annotated[str, Field(max_length=100_000)] | None = None
    best_practices: Annotated[str, Field(max_length=100_000)] | None = None


class TextsUpdate(BaseModel):
    """The presidency's own text; a language left out keeps its current text, "" clears it."""

    model_config = ConfigDict(extra="forbid")
    title: TitleUpdate | None = None
    introduction: Bilingual | None = None
    key_findings: Bilingual | None = Field(
        default=None, description="Replaces the generated key findings; empty: generated."
    )
    way_forward: Bilingual | None = None
    framing: dict[Annotated[str, Field(max_length=20)], Bilingual] | None = Field(
        default=None, description='Per norm, e.g. {"13g": {"en": "...", "fr": "..."}}.'
    )
    overview: dict[Annotated[str, Field(max_length=20)], Bilingual] | None = Field(
        default=None, description="Per norm, replaces the chapter's generated overview."
    )

    @field_validator("framing", "overview")
    @classmethod
    def _per_norm(cls, values: dict[str, Bilingual] | None) -> dict[str, Bilingual] | None:
        return None if values is None else {_norm_code(k): v for k, v in values.items()}


class GroupingEdit(BaseModel):
    """merge: the groups of the named points become the first one's. split: the named point leaves
    its group. reorder: the named points' groups come first, in this order. reword: new text for
    the named point's group in one language. move: the named point leaves this norm's chapter for
    the chapter of `to`, another of its practice's norms. credit: the named point, printed in its
    own words (`merging.set_apart`), is credited with its group's wording."""

    model_config = ConfigDict(extra="forbid")
    op: Literal["merge", "split", "reorder", "reword", "move", "credit"]
    norm: Annotated[str, Field(max_length=20)]
    to: Annotated[str, Field(max_length=20)] | None = None
    section: Section
    points: Annotated[list[PointKey], Field(min_length=1, max_length=500)]
    lang: Lang | None = None
    text: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
        | None
    ) = None

    @field_validator("norm")
    @classmethod
    def _norm(cls, value: str) -> str:
        return _norm_code(value)

    @field_validator("to")
    @classmethod
    def _to(cls, value: str | None) -> str | None:
        return None if value is None else _norm_code(value)


class SynthesisRead(BaseModel):
    id: int
    title: str
    title_fr: str | None = Field(description="The French title; null until the presidency sets it.")
    status: SynthesisStatus
    cycle: str | None
    norms: list[str] | None
    participants: list[str] | None
    as_of: datetime
    include_empty_norms: bool
    practices: int = Field(description="How many practices the snapshot froze.")
    created_at: datetime
    published_at: datetime | None
    introduction: Bilingual
    key_findings: Bilingual
    way_forward: Bilingual
    framing: dict[str, Bilingual]
    overview: dict[str, Bilingual]
    edits: list[GroupingEdit]
    reports: dict[str, str] = Field(description="Download paths per format.")


class GroupPoint(BaseModel):
    key: str
    submission_id: int
    text: str


class GroupRead(BaseModel):
    key: str = Field(description="The key of the group's first point.")
    points: list[GroupPoint]
    rewording: dict[str, str]
    aside: list[str] = Field(
        default_factory=list,
        description="Keys of the points a report prints in their own words, not credited with "
        "the group's wording (an edit `credit` credits one).",
    )


class DraftRead(BaseModel):
    """A practice of the synthesis with machine drafts among the texts the report prints."""

    submission_id: int
    participant: str
    language: Lang = Field(description="The original's; the translation is in the other.")
    originals: dict[str, str]
    texts: dict[str, str] = Field(description="The translations, by text name.")
    machine: list[str] = Field(description="The texts still machine drafts.")
    misaligned: list[str] = Field(
        description="Sections whose translation has another number of points than the original."
    )


class SectionRead(BaseModel):
    norm: str
    section: Section
    groups: list[GroupRead]
