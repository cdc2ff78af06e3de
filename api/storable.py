"""Refuse text no database can store: NUL characters (PostgreSQL rejects them) and unpaired UTF-16
surrogates (not encodable as UTF-8), wherever a request carries them, with a 422 naming the field."""

from collections.abc import Iterator
from contextlib import suppress
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

MESSAGE = "must not contain NUL characters or unpaired surrogates"
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unstorable(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, str):
        if not is_storable(value):
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unstorable(key, (*loc, "<key>"))
            yield from _unstorable(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable(item, (*loc, index))


async def refuse_unstorable_text(request: Request) -> None:
    """Checks the path, the query and a JSON or form body before any route sees them."""
    found = [("path", name) for name, v in request.path_params.items() if not is_storable(str(v))]
    found += [
        ("query", name)
        for name, value in request.query_params.multi_items()
        if not (is_storable(name) and is_storable(value))
    ]
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        with suppress(ValueError):  # malformed JSON: the route's own validation answers it
            found += _unstorable(await request.json(), ("body",))
    elif content_type.startswith(_FORMS):
        form = await request.form()
        found += [
            ("body", name)
            for name, value in form.multi_items()
            if isinstance(value, str) and not (is_storable(name) and is_storable(value))
        ]
    if found:
        raise RequestValidationError(
            [{"type": "value_error", "loc": loc, "msg": MESSAGE, "input": None} for loc in found]
        )
