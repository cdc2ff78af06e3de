"""The public pages' aggregates, kept under the fingerprint `caching.conditional` computed."""

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

from fastapi import Request
from markupsafe import Markup
from sqlmodel import Session

from api import memo
from submissions.access import ANONYMOUS
from submissions.coverage import Coverage, coverage
from submissions.facets import Facets, facets
from submissions.listing import Filters, count_submissions
from web import caching

T = TypeVar("T")

if TYPE_CHECKING:
    from web.deps import View


def _fingerprint(request: Request, session: Session) -> str:
    return getattr(request.state, "fingerprint", None) or caching.state(session)[0]


def _remember(request: Request, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    return memo.remember(_fingerprint(request, session), key, compute)


def coverage_of(request: Request, session: Session) -> Coverage:
    return _remember(request, session, "coverage", lambda: coverage(session))


def facets_of(request: Request, session: Session, filters: Filters) -> Facets:
    """Facet counts as the public sees them."""
    return _remember(
        request, session, ("facets", filters), lambda: facets(session, ANONYMOUS, filters)
    )


def total_of(request: Request, session: Session, filters: Filters) -> int | None:
    """How many published practices a list shows; a search counts as it ranks, the first time."""
    if filters.q:
        return memo.known(_fingerprint(request, session), ("total", filters))  # type: ignore[return-value]
    return _remember(
        request, session, ("total", filters), lambda: count_submissions(session, ANONYMOUS, filters)
    )


def keep_total(request: Request, session: Session, filters: Filters, total: int) -> None:
    memo.store(_fingerprint(request, session), ("total", filters), total)


def fragment_of(
    view: "View", session: Session, key: Hashable, render: Callable[[], Markup]
) -> Markup:
    """Part of a public page that depends only on the public data, the language and `key`."""
    return _remember(view.request, session, ("fragment", view.lang, key), render)


def catalogue_of(request: Request, session: Session, key: Hashable, read: Callable[[], T]) -> T:
    """Norms and themes as read from the catalogue; the fingerprint covers its changes."""
    return _remember(request, session, ("catalogue", key), read)
