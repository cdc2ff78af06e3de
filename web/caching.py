"""Conditional GET for anonymous readers: an ETag and Last-Modified from what the public can see."""

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request, Response
from sqlalchemy import func, select
from sqlmodel import Session

from api import memo
from api.deps import SessionDep
from norms.models import Norm
from web import i18n, sessions

# Other parts of the site add what their public pages depend on (e.g. published syntheses).
STAMPS: list[Callable[[Session], tuple[object, datetime | None]]] = []


class NotModified(Exception):
    def __init__(self, etag: str) -> None:
        self.etag = etag


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


_NORMS = select(func.max(Norm.updated_at))


def _norms(session: Session) -> tuple[object, datetime | None]:
    return None, session.connection().execute(_NORMS).scalar_one()


def state(session: Session) -> tuple[str, datetime | None]:
    """A fingerprint of the public data, and when it last changed."""
    parts = [stamp(session) for stamp in (memo.practices_stamp, _norms, *STAMPS)]
    moments = [m for m in (_aware(moment) for _, moment in parts) if m is not None]
    return repr(parts), max(moments, default=None)


async def conditional(request: Request, session: SessionDep) -> None:
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
        if etag in {t.strip().removeprefix("W/") for t in tags.split(",")} or tags.strip() == "*":
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


def apply(request: Request, response: Response) -> Response:
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
