"""Refuse text no database can store or no output may carry, wherever a request carries it, with
a 422 naming the field: NUL (PostgreSQL rejects it), unpaired UTF-16 surrogates (not encodable as
UTF-8), and the controls and non-characters that XML and HTML forbid (`norms.characters`)."""

import email.message
from collections.abc import Iterator
from contextlib import suppress
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from python_multipart.multipart import parse_options_header

from norms.characters import is_clean

MESSAGE = "must not contain control characters, non-characters or unpaired surrogates"
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_storable(text: str) -> bool:
    return is_clean(text)


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


def body_kind(content_type: str | None) -> str:
    """How FastAPI and Starlette will read the body: `json`, `form` or `other`. Their rules, not a
    prefix test: the media type's case, its parameters and a `+json` suffix do not matter, and a
    body without a Content-Type is read as JSON."""
    if not content_type:
        return "json"
    message = email.message.Message()
    message["content-type"] = content_type
    if message.get_content_maintype() == "application":
        subtype = message.get_content_subtype()
        if subtype == "json" or subtype.endswith("+json"):
            return "json"
    media, _ = parse_options_header(content_type)
    return "form" if media.decode("latin-1").lower() in _FORMS else "other"


async def refuse_unstorable_text(request: Request) -> None:
    """Checks the path, the query and a JSON or form body before any route sees them."""
    found: list[tuple[str | int, ...]] = [
        ("path", name) for name, v in request.path_params.items() if not is_storable(str(v))
    ]
    found += [
        ("query", name)
        for name, value in request.query_params.multi_items()
        if not (is_storable(name) and is_storable(value))
    ]
    kind = body_kind(request.headers.get("content-type"))
    if kind == "json" and await request.body():
        with suppress(ValueError):  # malformed JSON: the route's own validation answers it
            found += _unstorable(await request.json(), ("body",))
    elif kind == "form":
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
