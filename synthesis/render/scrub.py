"""A document without the characters XML and HTML forbid: a practice stored before such characters
were refused, and frozen into a synthesis, must not make a report impossible to write (DOCX) or
invalid (HTML, the synthesis page)."""

from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass
from typing import Any, TypeVar

from norms.characters import cleaned, is_clean

T = TypeVar("T")


def scrubbed(value: T) -> T:
    """The same value, every string in it cleaned; iterables that are composed as they are read
    (a document's chapters) stay lazy."""
    return _scrub(value)  # type: ignore[no-any-return]


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return value if is_clean(value) else cleaned(value)
    if value is None or isinstance(value, int | float):
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return type(value)(**{f.name: _scrub(getattr(value, f.name)) for f in fields(value)})
    if isinstance(value, tuple):
        return tuple(_scrub(item) for item in value)
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return _Lazy(value)
    return value


class _Lazy:
    """An iterable whose items are cleaned each time it is iterated."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            clean = _scrub(item)
            del item  # neither copy is held while the next item is composed
            yield clean
            del clean
