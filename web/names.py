"""Participant and theme names by code, in the page's language; the catalogue rarely changes."""

from collections.abc import Callable, Sequence
from typing import Any

from sqlmodel import Session

from norms import catalogue
from norms.lang import Lang, pick

_by_lang: dict[tuple[str, Lang], dict[str, str]] = {}


def participants(session: Session, lang: Lang) -> dict[str, str]:
    return _names("participants", lang, lambda: catalogue.list_participants(session))


def themes(session: Session, lang: Lang) -> dict[str, str]:
    return _names("themes", lang, lambda: catalogue.list_themes(session))


def _names(kind: str, lang: Lang, read: Callable[[], Sequence[Any]]) -> dict[str, str]:
    if (kind, lang) not in _by_lang:
        _by_lang[kind, lang] = {row.code: pick(row, "name", lang) for row in read()}
    return _by_lang[kind, lang]
