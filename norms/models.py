"""Catalogue tables. Bilingual text lives in `<field>_en` / `<field>_fr` columns."""

from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Framework(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=40)
    reference: str = Field(max_length=40)
    year: int
    title_en: str = Field(max_length=300)
    title_fr: str = Field(max_length=300)
    description_en: str = ""
    description_fr: str = ""


class Norm(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=10)
    framework_code: str = Field(foreign_key="framework.code", index=True, max_length=40)
    position: int
    reference: str = Field(max_length=60)
    title_en: str = Field(max_length=200)
    title_fr: str = Field(max_length=200)
    text_en: str
    text_fr: str
    guidance_en: str = ""
    guidance_fr: str = ""
    text_official: bool = False  # the UN wording, else the project's summary
    updated_at: datetime = Field(default_factory=utcnow)


class Theme(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=40)
    position: int
    name_en: str = Field(max_length=200)
    name_fr: str = Field(max_length=200)


class NormTheme(SQLModel, table=True):
    __tablename__ = "norm_theme"
    norm_code: str = Field(foreign_key="norm.code", primary_key=True, max_length=10)
    theme_code: str = Field(foreign_key="theme.code", primary_key=True, max_length=40)


class Participant(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=3)
    kind: str = Field(max_length=20)  # state | organisation
    status: str = Field(max_length=20)  # member | observer | organisation
    name_en: str = Field(max_length=200)
    name_fr: str = Field(max_length=200)
    is_g7: bool = False
