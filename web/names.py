"""Participant, theme and norm names by code, in the page's language, kept per public-data version."""

from collections.abc import Callable, Sequence
from typing import Any

from sqlmodel import Session

from norms import catalogue
from norms.codes import display
from norms.lang import Lang, pick
from norms.typography import french
from submissions import public_version


def participants(session: Session, lang: Lang) -> dict[str, str]:
    return _names(session, "participants", lang, lambda: catalogue.list_participants(session))


def themes(session: Session, lang: Lang) -> dict[str, str]:
    return _names(session, "themes", lang, lambda: catalogue.list_themes(session))


def norms(session: Session, lang: Lang) -> dict[str, str]:
    """Norm labels written as the badges write codes: 13(a) Cooperate…, or 13 a) Coopérer… in
    French typography on a French page."""

    def read() -> dict[str, str]:
        labels = {
            n.code: f"{display(n.code)} {pick(n, 'title', lang)}"
            for n in catalogue.list_norms(session)
        }
        return {code: french(label) for code, label in labels.items()} if lang == "fr" else labels

    return public_version.remember(public_version.read(session), "names", ("norms", lang), read)


def _names(
    session: Session, kind: str, lang: Lang, read: Callable[[], Sequence[Any]]
) -> dict[str, str]:
    return public_version.remember(
        public_version.read(session),
        "names",
        (kind, lang),
        lambda: {row.code: pick(row, "name", lang) for row in read()},
    )
