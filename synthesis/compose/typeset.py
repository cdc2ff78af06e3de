"""French typography over the document model: every text set in French is passed through
`norms.typography`, so the four formats get it alike. Generated and presidency texts follow the
report's language; a point's body and a practice's title follow the language they were written in
(a French passage in an English report is set in French, an English one in a French report is not)."""

from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar, cast

from norms.typography import french, french_cached, french_html
from synthesis.compose.document import Rich

T = TypeVar("T")

# Names that hold identifiers, addresses or languages, never prose.
_NOT_PROSE = frozenset(
    {"lang", "code", "anchor", "base_url", "language", "chapters", "norm_source_url"}
)
# Texts in the language of what they quote, not the report's.
_OWN_LANGUAGE = frozenset({"body", "title"})


def typeset(value: T, lang: str) -> T:
    """`value` (a document, a chapter or any part of one) with its French texts set."""
    return cast(T, _set(value, lang == "fr"))  # `_set` gives back what it was given, rebuilt


def _set(value: Any, is_french: bool) -> Any:
    if isinstance(value, str):
        return french_cached(value) if is_french and len(value) < 200 else _text(value, is_french)
    if isinstance(value, Rich):
        if not is_french:
            return value
        return Rich(french_html(value.html), french(value.markdown), french(value.text))
    if isinstance(value, tuple):
        return tuple(_set(item, is_french) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        own = getattr(value, "language", "") or None
        changes = {}
        for field in fields(value):
            if field.name in _NOT_PROSE:
                continue
            here = (own == "fr") if own and field.name in _OWN_LANGUAGE else is_french
            current = getattr(value, field.name)
            new = _set(current, here)
            if new is not current:
                changes[field.name] = new
        return replace(value, **changes) if changes else value
    return value


def _text(value: str, is_french: bool) -> str:
    return french(value) if is_french else value
