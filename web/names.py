"""Participant and theme names by code, in the page's language, kept per public-data version."""

from collections.abc import Callable, Sequence
from typing import Any

from sqlmodel import Session

from norms import catalogue
from norms.lang import Lang, pick
from submissions import public_version


def participants(session: Session, lang: Lang) -> dict[str, str]:
    return _names(session, "participants", lang, lambda: catalogue.list_participants(session))


def themes(session: Session, lang: Lang) -> dict[str, str]:
    return _names(session, "themes", lang, lambda: catalogue.list_themes(session))


def _names(
    session: Session, kind: str, lang: Lang, read: Callable[[], Sequence[Any]]
) -> dict[str, str]:
    return public_version.remember(
        public_version.read(session),
        "names",
        (kind, lang),
        lambda: {row.code: pick(row, "name", lang) for row in read()},
    )
