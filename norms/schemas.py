"""Read and write shapes of the catalogue."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from norms.codes import display
from norms.lang import Lang, pick
from norms.models import Norm, Participant, Theme
from norms.official import source_url

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]


class ThemeRead(BaseModel):
    code: str
    name: str

    @classmethod
    def build(cls, theme: Theme, lang: Lang) -> "ThemeRead":
        return cls(code=theme.code, name=pick(theme, "name", lang))


class NormRead(BaseModel):
    code: str
    label: str
    framework: str
    reference: str
    position: int
    title: str
    text: str
    text_official: bool  # the UN wording; otherwise the project's summary of it
    source_url: str
    guidance: str
    themes: list[str]
    language: Lang

    @classmethod
    def build(cls, norm: Norm, lang: Lang, themes: list[str]) -> "NormRead":
        return cls(
            code=norm.code,
            label=display(norm.code),
            framework=norm.framework_code,
            reference=norm.reference,
            position=norm.position,
            title=pick(norm, "title", lang),
            text=pick(norm, "text", lang),
            text_official=norm.text_official,
            source_url=source_url(norm.reference, lang.value),
            guidance=pick(norm, "guidance", lang),
            themes=themes,
            language=lang,
        )


class NormUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title_en: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
        | None
    ) = None
    title_fr: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
        | None
    ) = None
    text_en: Text | None = None
    text_fr: Text | None = None
    guidance_en: Text | None = None
    guidance_fr: Text | None = None


class ParticipantRead(BaseModel):
    code: str
    name: str
    kind: str
    status: str
    is_g7: bool

    @classmethod
    def build(cls, participant: Participant, lang: Lang) -> "ParticipantRead":
        return cls(
            code=participant.code,
            name=pick(participant, "name", lang),
            kind=participant.kind,
            status=participant.status,
            is_g7=participant.is_g7,
        )
