"""Conditional GET for anonymous readers: an ETag and Last-Modified from what the public can see."""

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import NamedTuple, TypeVar

from fastapi import Request, Response

from api.deps import VersionReaderDep
from api.headers import etag_matches
from submissions import public_version
from web import i18n, sessions


class NotModified(Exception):
    def __init__(self, etag: str) -> None:
        self.etag = etag


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def conditional(request: Request, read_version: VersionReaderDep) -> None:
    """Router dependency: answer 304 early when an anonymous reader's copy is current, or the page
    kept for every anonymous reader at this version (`Kept`) without running the route.

    The version is read first, in one statement outside the request's session: a page rendered
    after it reads data at least as new, so what is kept under it is never older than its key.
    The rest is done on the event loop: a kept page is sent without a thread."""
    if request.method not in {"GET", "HEAD"}:
        return
    if any(request.session.get(key) for key in (sessions.TOKEN, sessions.FLASH)):
        return
    current = await read_version()
    modified = current.modified
    page = f"{i18n.choose(request)}|{request.url.path}?{request.url.query}"
    etag = '"' + hashlib.sha256(f"{current.key}|{page}".encode()).hexdigest()[:32] + '"'
    request.state.etag, request.state.last_modified = etag, modified
    request.state.page = Page(current, page)
    tags = request.headers.get("if-none-match")
    if tags is not None:
        if etag_matches(tags, etag):
            raise NotModified(etag)
    elif _unchanged_since(request.headers.get("if-modified-since"), modified):
        raise NotModified(etag)
    html = public_version.known(current, "page html", page)
    if html is not None:
        raise Kept(html)  # type: ignore[arg-type]


def _unchanged_since(since: str | None, modified: datetime) -> bool:
    if not since:
        return False
    try:
        when = _aware(parsedate_to_datetime(since))
    except (TypeError, ValueError):
        return False
    return modified.replace(microsecond=0) <= when


class Page(NamedTuple):
    """An anonymous page: kept for every anonymous reader once rendered, at this version."""

    version: public_version.Version
    key: str  # the language, path and query: all an anonymous page depends on


class Kept(Exception):
    """The page was rendered for an anonymous reader at this version: sent again as it was."""

    def __init__(self, html: bytes) -> None:
        self.html = html


def keep(request: Request, html: bytes) -> None:
    """Keep a page rendered for the anonymous reader `conditional` let through."""
    page = getattr(request.state, "page", None)
    if isinstance(page, Page):
        public_version.store(page.version, "page html", page.key, html)


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
