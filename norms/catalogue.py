"""Load and read the catalogue: frameworks, norms, themes and participants."""

import json
from importlib.resources import files
from typing import Any

from sqlmodel import Session, col, select

from norms.codes import canonical
from norms.errors import Invalid, NotFound
from norms.models import Framework, Norm, NormTheme, Participant, Theme, utcnow
from norms.participants import all_participants

FRAMEWORK_FILES = ("gge-2015.json",)
NORM_TEXT_FIELDS = ("title", "text", "guidance")


def load(session: Session) -> None:
    """Insert or refresh the shipped catalogue. Idempotent; keeps the presidency's norm edits."""
    for record in all_participants():
        session.merge(Participant(**record.__dict__))
    for name in FRAMEWORK_FILES:
        _load_framework(session, json.loads(files("norms.data").joinpath(name).read_text("utf-8")))
    session.flush()


def _load_framework(session: Session, data: dict[str, Any]) -> None:
    fw = data["framework"]
    session.merge(
        Framework(
            code=fw["code"],
            reference=fw["reference"],
            year=fw["year"],
            title_en=fw["title"]["en"],
            title_fr=fw["title"]["fr"],
            description_en=fw["description"]["en"],
            description_fr=fw["description"]["fr"],
        )
    )
    for position, theme in enumerate(data["themes"], start=1):
        session.merge(
            Theme(
                code=theme["code"],
                position=position,
                name_en=theme["name"]["en"],
                name_fr=theme["name"]["fr"],
            )
        )
    session.flush()
    for item in data["norms"]:
        if session.get(Norm, item["code"]) is None:
            texts = {
                f"{f}_{lang}": item[f][lang] for f in NORM_TEXT_FIELDS for lang in ("en", "fr")
            }
            session.add(
                Norm(
                    code=item["code"],
                    framework_code=fw["code"],
                    position=item["position"],
                    reference=item["reference"],
                    **texts,
                )
            )
    session.flush()
    for theme in data["themes"]:
        for code in theme["norms"]:
            session.merge(NormTheme(norm_code=code, theme_code=theme["code"]))


def list_norms(session: Session) -> list[Norm]:
    return list(session.exec(select(Norm).order_by(col(Norm.position))).all())


def get_norm(session: Session, code: str) -> Norm:
    """A norm by any of the forms people cite: `13a`, `13(a)`, `norm a`, `norm 1`."""
    canonical_code = canonical(code)
    norm = session.get(Norm, canonical_code) if canonical_code else None
    if norm is None:
        raise NotFound(f"no norm {code!r}")
    return norm


def norm_themes(session: Session) -> dict[str, list[str]]:
    mapping: dict[str, list[str]] = {}
    query = (
        select(NormTheme.norm_code, NormTheme.theme_code).join(Theme).order_by(col(Theme.position))
    )
    for norm_code, theme_code in session.exec(query).all():
        mapping.setdefault(norm_code, []).append(theme_code)
    return mapping


def list_themes(session: Session) -> list[Theme]:
    return list(session.exec(select(Theme).order_by(col(Theme.position))).all())


def list_participants(
    session: Session, kind: str | None = None, is_g7: bool | None = None
) -> list[Participant]:
    query = select(Participant).order_by(Participant.name_en)
    if kind:
        query = query.where(Participant.kind == kind)
    if is_g7 is not None:
        query = query.where(Participant.is_g7 == is_g7)
    return list(session.exec(query).all())


def get_participant(session: Session, code: str) -> Participant:
    participant = session.get(Participant, code.upper())
    if participant is None:
        raise NotFound(f"no participant {code!r}")
    return participant


def update_norm(session: Session, code: str, changes: dict[str, str]) -> Norm:
    norm = get_norm(session, code)
    for name, value in changes.items():
        if not value or not value.strip():
            raise Invalid(name, "may not be empty")
        setattr(norm, name, value.strip())
    if {"text_en", "text_fr"} & changes.keys():
        norm.text_official = False  # the presidency's wording from then on, not the UN's
    norm.updated_at = utcnow()
    session.add(norm)
    return norm
