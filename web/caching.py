"""Conditional GET for anonymous readers: an ETag and Last-Modified from what the public can see."""

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import TypeVar

from fastapi import Request, Response

from api.deps import SessionDep
from api.headers import etag_matches
from submissions import public_version
from web import i18n, sessions


class NotModified(Exception):
    def __init__(self, etag: str) -> None:
        self.etag = etag


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def conditional(request: Request, session: SessionDep) -> None:
    """Router dependency: answer 304 early when an anonymous reader's copy is current.

    The version is read first, before any data it keys (the session keeps it for the request)."""
    if request.method not in {"GET", "HEAD"}:
        return
    current = public_version.read(session)
    if any(request.session.get(key) for key in (sessions.TOKEN, sessions.FLASH)):
        return
    modified = current.modified
    key = f"{current.key}|{i18n.choose(request)}|{request.url.path}?{request.url.query}"
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    request.state.etag, request.state.last_modified = etag, modified
    tags = request.headers.get("if-none-match")
    if tags is not None:
        if etag_matches(tags, etag):
            raise NotModified(etag)
        return
    since = request.headers.get("if-modified-since")
    if since:
        try:
            when = _aware(parsedate_to_datetime(since))
        except (TypeError, ValueError):
            return
        if modified.replace(microsecond=0) <= when:
            raise NotModified(etag)


R = TypeVar("R", bound=Response)


def apply(request: Request, response: R) -> R:
    """Validators and cache policy on a response: revalidate for the public, never store private."""
    etag = getattr(request.state, "etag", None)
    response.headers["Vary"] = "Cookie, Accept-Language"
    if etag is None:
        response.headers.setdefault("Cache-Control", "private, no-store")
        return response
    response.headers["ETag"] = etag
    modified = getattr(request.state, "last_modified", None)
    if modified is not None:
        response.headers["Last-Modified"] = format_datetime(modified, usegmt=True)
    response.headers.setdefault("Cache-Control", "no-cache")
    return response


def not_modified(request: Request, error: NotModified) -> Response:
    return apply(request, Response(status_code=304))
