"""Input and output shapes of submissions, revisions and cycles."""

from datetime import date, datetime
from typing import Annotated, Generic, TypeVar

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from norms.codes import canonical
from norms.lang import Lang
from submissions.models import Attribution, Implementation, Level, Origin, PracticeType, Status

MARKDOWN_MAX = 100_000
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Markdown = Annotated[str, Field(max_length=MARKDOWN_MAX)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class Reference(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    url: AnyHttpUrl


def _norm_codes(values: list[str]) -> list[str]:
    codes: list[str] = []
    for value in values:
        code = canonical(value)
        if code is None:
            raise ValueError(f"unknown norm {value!r}; use a code such as 13a or 13(a)")
        if code not in codes:
            codes.append(code)
    return codes


class _Content(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("norms", check_fields=False)
    @classmethod
    def _known_norms(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else _norm_codes(values)

    @field_validator("primary_norm", check_fields=False)
    @classmethod
    def _primary_norm(cls, value: str | None) -> str | None:
        return _norm_codes([value])[0] if value else None

    @field_validator("themes", check_fields=False)
    @classmethod
    def _unique_themes(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else list(dict.fromkeys(values))


class TranslationIn(BaseModel):
    """The practice's texts in the other language (EN<->FR), written by a person; a text left
    out keeps its current translation, "" removes it."""

    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = None
    summary: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] | None = None
    body: Markdown | None = None
    lessons_learned: Markdown | None = None
    best_practices: Markdown | None = None


class TranslationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    language: Lang
    title: str
    summary: str
    body: str
    lessons_learned: str
    best_practices: str
    origin: dict[str, Origin] = Field(
        description="Per text present: `human`, or `machine` for a provider's unreviewed draft."
    )


class SubmissionCreate(_Content):
    participant: Annotated[str, StringConstraints(min_length=2, max_length=3)] | None = Field(
        default=None, description="Defaults to the delegation's own participant."
    )
    cycle: Code | None = None
    norms: Annotated[list[Annotated[str, Field(max_length=20)]], Field(min_length=1, max_length=11)]
    primary_norm: str | None = Field(
        default=None, max_length=20, description="One of `norms`: the chapter a synthesis uses."
    )
    title: Title
    summary: Summary
    body: Markdown = ""
    lessons_learned: Markdown = ""
    best_practices: Markdown = ""
    language: Lang
    themes: Annotated[list[Code], Field(max_length=19)] = []
    references: Annotated[list[Reference], Field(max_length=50)] = []
    period_start: date | None = None
    period_end: date | None = None
    practice_type: PracticeType | None = None
    level: Level | None = None
    implementation_status: Implementation | None = None
    lead_agency: ShortText | None = None
    attribution: Attribution = Attribution.attributed
    contact: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None
    translation: TranslationIn | None = None


class SubmissionUpdate(_Content):
    """Every field optional: what is sent replaces what was there."""

    cycle: Code | None = None
    norms: (
        Annotated[list[Annotated[str, Field(max_length=20)]], Field(min_length=1, max_length=11)]
        | None
    ) = None
    primary_norm: str | None = Field(default=None, max_length=20)
    title: Title | None = None
    summary: Summary | None = None
    body: Markdown | None = None
    lessons_learned: Markdown | None = None
    best_practices: Markdown | None = None
    language: Lang | None = None
    themes: Annotated[list[Code], Field(max_length=19)] | None = None
    references: Annotated[list[Reference], Field(max_length=50)] | None = None
    period_start: date | None = None
    period_end: date | None = None
    practice_type: PracticeType | None = None
    level: Level | None = None
    implementation_status: Implementation | None = None
    lead_agency: ShortText | None = None
    attribution: Attribution | None = None
    contact: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None
    translation: TranslationIn | None = None


class ReturnRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class ReferenceRead(BaseModel):
    title: str
    url: str


class SubmissionRead(BaseModel):
    id: int
    participant: str | None = Field(description="Null when the practice is anonymised.")
    status: Status
    version: int
    revision: int
    cycle: str | None
    norms: list[str]
    primary_norm: str | None = None
    themes: list[str]
    language: Lang
    title: str
    summary: str
    body: str
    lessons_learned: str
    best_practices: str
    body_html: str
    lessons_learned_html: str
    best_practices_html: str
    references: list[ReferenceRead]
    period_start: date | None
    period_end: date | None
    practice_type: PracticeType | None
    level: Level | None
    implementation_status: Implementation | None
    lead_agency: str | None
    attribution: Attribution
    contact: str | None = Field(description="Only for the owning delegation and the presidency.")
    return_comment: str | None
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None


class RevisionRead(BaseModel):
    number: int
    created_at: datetime
    published_at: datetime | None
    language: Lang
    title: str
    summary: str
    body: str
    lessons_learned: str
    best_practices: str
    norms: list[str]
    primary_norm: str | None = None
    themes: list[str]
    attribution: Attribution
    translation: TranslationRead | None = None


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int
    next_cursor: str | None = Field(
        None, description="send as `cursor` for the next page of a list; null on the last page"
    )


class CycleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,39}$")]
    title_en: Title
    title_fr: Title
    presiding: Annotated[str, StringConstraints(min_length=2, max_length=3)]
    opens_on: date
    closes_on: date
    introduction_en: Markdown = ""
    introduction_fr: Markdown = ""


class CycleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title_en: Title | None = None
    title_fr: Title | None = None
    opens_on: date | None = None
    closes_on: date | None = None
    introduction_en: Markdown | None = None
    introduction_fr: Markdown | None = None


class CycleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    code: str
    title_en: str
    title_fr: str
    presiding_code: str
    opens_on: date
    closes_on: date
    introduction_en: str
    introduction_fr: str


class ComparedPractice(BaseModel):
    id: int
    title: str
    themes: list[str]


class ComparedCell(BaseModel):
    count: int
    practices: list[ComparedPractice]
    themes: list[str]


class ComparedNorm(BaseModel):
    code: str
    participants: dict[str, ComparedCell]


class ComparisonRead(BaseModel):
    """Participants side by side: per norm, each one's attributed published practices."""

    participants: list[str]
    norms: list[ComparedNorm]
