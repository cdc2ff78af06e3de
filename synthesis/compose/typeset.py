"""French typography over the document model: every text set in French is passed through
`norms.typography`, so the four formats get it alike. Generated and presidency texts follow the
report's language; a point's body and a practice's title follow the language they were written in
(a French passage in an English report is set in French, an English one in a French report is not)."""

from collections.abc import Iterable
from dataclasses import fields, is_dataclass, replace
from functools import lru_cache
from typing import Any, TypeVar, cast

from norms.typography import french, french_cached, french_html
from synthesis.compose.document import Link, Rich

T = TypeVar("T")

# Names that hold identifiers, addresses or languages, never prose.
_NOT_PROSE = frozenset(
    {"lang", "code", "anchor", "base_url", "language", "chapters", "norm_source_url", "issued"}
)
# Texts in the language of what they quote, not the report's.
_OWN_LANGUAGE = frozenset({"body", "title"})


def typeset(value: T, lang: str, done: Iterable[Any] = ()) -> T:
    """`value` (a document, a chapter or any part of one) with its French texts set; the parts
    in `done` are already set in this language and kept as they are."""
    is_french = lang == "fr"
    seen = {(id(part), is_french): part for part in done}
    if isinstance(done, tuple):  # the same tuple met again (a document's or a chapter's
        seen[(id(done), is_french)] = done  # practices) is not walked item by item
    return cast(T, _set(value, is_french, seen))  # `_set` gives back what it was given, rebuilt


# Field names per dataclass, those that hold no prose left out: `dataclasses.fields` on every
# object was most of a chapter's typesetting.
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _set(value: Any, is_french: bool, seen: dict[tuple[int, bool], Any]) -> Any:
    """`seen`: what each object met in this walk became. A practice is cited by each of its
    points: its link is set once."""
    if isinstance(value, str):
        return french_cached(value) if is_french and len(value) < 200 else _text(value, is_french)
    if isinstance(value, Rich):
        if not is_french:
            return value
        return Rich(french_html(value.html), french(value.markdown), french(value.text))
    if isinstance(value, tuple):
        if (id(value), is_french) in seen:
            return value
        items = _items(value, is_french, seen)
        # The same tuple when nothing in it changed: its holder need not be rebuilt either.
        return value if items is None else tuple(items)
    names = _prose_fields(type(value))
    if names is None:
        return value
    key = (id(value), is_french)
    done = seen.get(key, seen)
    if done is seen:
        own = getattr(value, "language", "") or None
        changes = {}
        for name in names:
            current = getattr(value, name)
            kind = type(current)
            if kind is int or current is None:
                continue
            here = (own == "fr") if own and name in _OWN_LANGUAGE else is_french
            if not here and (kind is str or kind is Rich):
                continue  # text outside French stays as it is: no call for it
            new = _set(current, here, seen)
            if new is not current:
                changes[name] = new
        done = seen[key] = replace(value, **changes) if changes else value
    return done


def _items(
    items: tuple[Any, ...], is_french: bool, seen: dict[tuple[int, bool], Any]
) -> list[Any] | None:
    """`_set` of each item, or None when none changed; without a call for objects already met
    (a chapter's practices, a point's sources) nor for numbers and texts that stay as they are."""
    found, changed = [], False
    for item in items:
        if type(item) is int or (not is_french and type(item) is str):
            new = item
        else:
            done = seen.get((id(item), is_french), seen)
            new = _set(item, is_french, seen) if done is seen else done
        changed = changed or new is not item
        found.append(new)
    return found if changed else None


def _prose_fields(cls: type) -> tuple[str, ...] | None:
    if cls not in _FIELDS:
        _FIELDS[cls] = (
            tuple(f.name for f in fields(cls) if f.name not in _NOT_PROSE)
            if is_dataclass(cls)
            else None
        )
    return _FIELDS[cls]


def _text(value: str, is_french: bool) -> str:
    return french(value) if is_french else value


# The parts a report makes by the thousand, set as they are made rather than by a walk that
# looks at every field of every object: what `typeset` would make of them.


def text(value: str, lang: str) -> str:
    """A text in `lang` (the report's, or the one it is written in), set."""
    if lang != "fr":
        return value
    return french_cached(value) if len(value) < 200 else french(value)


def rich(value: Rich, lang: str) -> Rich:
    if lang != "fr":
        return value
    return Rich(french_html(value.html), french(value.markdown), french(value.text))


def link(value: Link, lang: str) -> Link:
    """A practice's link: its title in its own language, the rest in the report's."""
    title = text(value.title, value.language or lang)
    if lang != "fr":
        return value if title is value.title else replace(value, title=title)
    return replace(
        value,
        title=title,
        participant=None if value.participant is None else text(value.participant, lang),
        language_note=None if value.language_note is None else text(value.language_note, lang),
        norms=_norms(value.norms),
    )


@lru_cache(maxsize=4096)
def _norms(norms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(text(code, "fr") for code in norms)
