"""Norms, themes and participants."""

from typing import Literal

from fastapi import APIRouter

from api.deps import ActorDep, SessionDep
from norms import catalogue
from norms.codes import CODES
from norms.lang import Lang
from norms.schemas import NormRead, NormUpdate, ParticipantRead, ThemeRead
from submissions import compare as comparing
from submissions import editorial
from submissions.schemas import ComparedCell, ComparedNorm, ComparedPractice, ComparisonRead

router = APIRouter(tags=["catalogue"])


@router.get("/norms", response_model=list[NormRead])
def list_norms(session: SessionDep, lang: Lang = Lang.en) -> list[NormRead]:
    """The eleven norms of A/70/174 §13, in order."""
    themes = catalogue.norm_themes(session)
    return [NormRead.build(n, lang, themes.get(n.code, [])) for n in catalogue.list_norms(session)]


@router.get("/norms/{code}", response_model=NormRead)
def get_norm(code: str, session: SessionDep, lang: Lang = Lang.en) -> NormRead:
    """One norm, by `13a`, `13(a)`, `a` or `norm 1`."""
    norm = catalogue.get_norm(session, code)
    return NormRead.build(norm, lang, catalogue.norm_themes(session).get(norm.code, []))


@router.patch("/norms/{code}", response_model=NormRead)
def update_norm(code: str, data: NormUpdate, session: SessionDep, actor: ActorDep) -> NormRead:
    """Edit a norm's bilingual title, text or guidance (presidency)."""
    norm = editorial.update_norm(session, actor, code, data)
    return NormRead.build(norm, Lang.en, catalogue.norm_themes(session).get(norm.code, []))


@router.get("/themes", response_model=list[ThemeRead])
def list_themes(session: SessionDep, lang: Lang = Lang.en) -> list[ThemeRead]:
    """The themes practices are tagged with."""
    return [ThemeRead.build(t, lang) for t in catalogue.list_themes(session)]


@router.get("/participants", response_model=list[ParticipantRead])
def list_participants(
    session: SessionDep,
    lang: Lang = Lang.en,
    kind: Literal["state", "organisation"] | None = None,
    g7: bool | None = None,
) -> list[ParticipantRead]:
    """UN member and observer States, and the European Union."""
    return [ParticipantRead.build(p, lang) for p in catalogue.list_participants(session, kind, g7)]


@router.get("/participants/{code}", response_model=ParticipantRead)
def get_participant(code: str, session: SessionDep, lang: Lang = Lang.en) -> ParticipantRead:
    """One participant by its ISO 3166-1 alpha-3 code (`EU` for the European Union)."""
    return ParticipantRead.build(catalogue.get_participant(session, code), lang)


@router.get("/compare", response_model=ComparisonRead)
def compare(participants: str, session: SessionDep) -> ComparisonRead:
    """Two to four participants side by side (`participants=FRA,DEU,JPN`): per norm, the number,
    titles and themes of each one's published practices; anonymised work is never attributed."""
    known = {participant.code for participant in catalogue.list_participants(session)}
    comparison = comparing.compare(session, comparing.codes(participants, known))
    return ComparisonRead(
        participants=list(comparison.participants),
        norms=[
            ComparedNorm(
                code=norm,
                participants={
                    code: ComparedCell(
                        count=len(comparison.cells.get((norm, code), [])),
                        practices=[
                            ComparedPractice(id=p.id, title=p.title, themes=list(p.themes))
                            for p in comparison.cells.get((norm, code), [])
                        ],
                        themes=comparison.themes(norm, code),
                    )
                    for code in comparison.participants
                },
            )
            for norm in CODES
        ],
    )
