"""The public pages' aggregates, kept under the public-data version."""

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

from markupsafe import Markup
from sqlmodel import Session

from api.public_list import total as public_list_total
from submissions import public_version
from submissions.access import ANONYMOUS
from submissions.coverage import Coverage, coverage
from submissions.facets import Facets, facets
from submissions.listing import Filters

T = TypeVar("T")

if TYPE_CHECKING:
    from web.deps import View


def _remember(session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    return public_version.remember(public_version.read(session), "aggregate", key, compute)


def coverage_of(session: Session) -> Coverage:
    return _remember(session, "coverage", lambda: coverage(session))


def facets_of(session: Session, filters: Filters) -> Facets:
    """Facet counts as the public sees them."""
    return _remember(session, ("facets", filters), lambda: facets(session, ANONYMOUS, filters))


def total_of(session: Session, filters: Filters) -> int | None:
    """How many published practices a list shows; a search counts as it ranks, the first time."""
    return public_list_total(session, public_version.read(session), filters)


def fragment_of(
    view: "View", session: Session, key: Hashable, render: Callable[[], Markup]
) -> Markup:
    """Part of a public page that depends only on the public data, the language and `key`."""
    return _remember(session, ("fragment", view.lang, key), render)


def catalogue_of(session: Session, key: Hashable, read: Callable[[], T]) -> T:
    """Norms and themes as read from the catalogue."""
    return _remember(session, ("catalogue", key), read)
