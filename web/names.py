"""Participant and theme names by code, in the page's language; the catalogue rarely changes."""

from sqlmodel import Session

from norms import catalogue
from norms.lang import Lang, pick

_participants: dict[Lang, dict[str, str]] = {}


def participants(session: Session, lang: Lang) -> dict[str, str]:
    if lang not in _participants:
        _participants[lang] = {
            p.code: pick(p, "name", lang) for p in catalogue.list_participants(session)
        }
    return _participants[lang]


_themes: dict[Lang, dict[str, str]] = {}


def themes(session: Session, lang: Lang) -> dict[str, str]:
    if lang not in _themes:
        _themes[lang] = {t.code: pick(t, "name", lang) for t in catalogue.list_themes(session)}
    return _themes[lang]
