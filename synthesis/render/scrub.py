"""A document without the characters XML and HTML forbid: a practice stored before such characters
were refused, and frozen into a synthesis, must not make a report impossible to write (DOCX) or
invalid (HTML, the synthesis page)."""

from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass
from typing import Any, TypeVar

from norms.characters import cleaned, is_clean

T = TypeVar("T")

# What each object met became, the object kept beside it so that its id is not reused meanwhile.
_Seen = dict[int, tuple[Any, Any]]

# Field names per dataclass: `dataclasses.fields` on every object was most of a report's walk.
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def scrubbed(value: T) -> T:
    """The same value, every string in it cleaned; iterables that are composed as they are read
    (a document's chapters) stay lazy."""
    return _scrub(value, {}, {})  # type: ignore[no-any-return]


def _scrub(value: Any, seen: _Seen, outer: _Seen) -> Any:
    """A practice is cited by the annex, by its chapters and by each of its points: its link is
    cleaned once (`outer`: what the document around a lazy chapter met), and an object with
    nothing to clean is kept as it is."""
    if isinstance(value, str):
        return value if is_clean(value) else cleaned(value)
    if value is None or isinstance(value, int | float):
        return value
    names = _field_names(type(value))
    if names is not None:
        done = seen.get(id(value)) or outer.get(id(value))
        if done is None:
            changes = {}
            for name in names:
                current = getattr(value, name)
                if type(current) is str:  # most fields: no call for them
                    new = current if is_clean(current) else cleaned(current)
                else:
                    new = _scrub(current, seen, outer)
                if new is not current:
                    changes[name] = new
            result = (
                type(value)(**{name: changes.get(name, getattr(value, name)) for name in names})
                if changes
                else value
            )
            done = seen[id(value)] = (value, result)
        return done[1]
    if isinstance(value, tuple):
        items = _items(value, seen, outer)
        return value if items is None else tuple(items)
    if isinstance(value, list):
        return [_scrub(item, seen, outer) for item in value]
    if isinstance(value, dict):
        return {_scrub(k, seen, outer): _scrub(v, seen, outer) for k, v in value.items()}
    if isinstance(value, Iterable):
        return _Lazy(value, seen)
    return value


def _items(items: tuple[Any, ...], seen: _Seen, outer: _Seen) -> list[Any] | None:
    """`_scrub` of each item, or None when none changed; without a call for numbers, texts and
    objects already met (a chapter's practices, a point's sources)."""
    found, changed = [], False
    for item in items:
        kind = type(item)
        if kind is str:
            new = item if is_clean(item) else cleaned(item)
        elif kind is int or item is None:
            new = item
        else:
            done = seen.get(id(item)) or outer.get(id(item))
            new = _scrub(item, seen, outer) if done is None else done[1]
        changed = changed or new is not item
        found.append(new)
    return found if changed else None


def _field_names(cls: type) -> tuple[str, ...] | None:
    if cls not in _FIELDS:
        _FIELDS[cls] = tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None
    return _FIELDS[cls]


class _Lazy:
    """An iterable whose items are cleaned each time it is iterated."""

    def __init__(self, items: Iterable[Any], outer: _Seen) -> None:
        self.items, self.outer = items, outer

    def __iter__(self) -> Iterator[Any]:
        # map keeps no reference to the item it last gave, so a chapter can go once it is written
        return map(self._scrubbed, self.items)

    def _scrubbed(self, item: Any) -> Any:
        return _scrub(item, {}, self.outer)
