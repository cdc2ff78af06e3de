"""Conditional GET for anonymous readers: an ETag and Last-Modified from what the public can see."""

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any, TypeVar

from fastapi import Request, Response
from sqlalchemy import func, select
from sqlmodel import Session

from api import memo
from api.deps import SessionDep
from api.headers import etag_matches
from norms.models import Norm
from submissions.listing import core
from web import i18n, sessions

# Other parts of the site add the scalar subqueries their public pages depend on (e.g. published
# syntheses); `state` reads them all in one statement with the practices' and the norms' stamps.
STAMPS: list[Any] = []
_statements: dict[int, Any] = {}


class NotModified(Exception):
    def __init__(self, etag: str) -> None:
        self.etag = etag


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def state(session: Session) -> tuple[str, datetime | None]:
    """A fingerprint of the public data, and when it last changed."""
    statement = _statements.get(len(STAMPS))
    if statement is None:
        norms = select(func.max(Norm.updated_at)).scalar_subquery()
        statement = _statements[len(STAMPS)] = memo.STAMP.add_columns(norms, *STAMPS)
    parts = tuple(core(session).execute(statement).one())
    moments = [_aware(part) for part in parts if isinstance(part, datetime)]
    return repr(parts), max(moments, default=None)


def conditional(request: Request, session: SessionDep) -> None:
    """Router dependency: answer 304 early when an anonymous reader's copy is current."""
    if request.method not in {"GET", "HEAD"} or any(
        request.session.get(key) for key in (sessions.TOKEN, sessions.FLASH)
    ):
        return
    fingerprint, modified = state(session)
    request.state.fingerprint = fingerprint
    key = f"{fingerprint}|{i18n.choose(request)}|{request.url.path}?{request.url.query}"
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    request.state.etag, request.state.last_modified = etag, modified
    tags = request.headers.get("if-none-match")
    if tags is not None:
        if etag_matches(tags, etag):
            raise NotModified(etag)
        return
    since = request.headers.get("if-modified-since")
    if since and modified is not None:
        try:
            when = _aware(parsedate_to_datetime(since))
        except (TypeError, ValueError):
            return
        if when is not None and modified.replace(microsecond=0) <= when:
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
