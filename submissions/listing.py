"""Filtered, searched and paginated lists of submissions, as each actor may see them."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar, cast

from sqlalchemy import (
    BindParameter,
    Connection,
    Result,
    Select,
    SQLColumnExpression,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
)
from sqlmodel import Session, col

from norms.codes import canonical
from norms.errors import Invalid
from submissions import cursors, public_version, search
from submissions.access import (
    ANONYMOUS,
    Actor,
    participants_filter_clause,
    shown_revision_clause,
    shown_revision_column,
    status_clause,
    visible_to,
)
from submissions.cursors import Cursor
from submissions.models import Cycle, Revision, RevisionNorm, RevisionTheme, Status, Submission

# Any SELECT: the lists, keys, counts and facets are built from one another's filters.
Query = Select[*tuple[Any, ...]]
Q = TypeVar("Q", bound=Query)


@dataclass(frozen=True)
class Filters:
    """What a list keeps: any of the values chosen within a facet, and every facet chosen.

    A facet's values are kept sorted without repeats, so that equal choices are equal filters; one
    value may be given alone (`Filters(norm="13c")`).
    """

    norm: tuple[str, ...] = ()
    participant: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    status: Status | None = None
    cycle: str | None = None
    language: tuple[str, ...] = ()
    year: tuple[int, ...] = ()
    q: str | None = None

    def __post_init__(self) -> None:
        for name in FACETS:
            object.__setattr__(self, name, chosen(getattr(self, name)))


FACETS = ("norm", "participant", "theme", "language", "year")  # several values each, any of them


def without(filters: Filters, facet: str) -> Filters:
    """The same filters, any value of this facet."""
    unchosen: dict[str, Any] = {facet: ()}
    return replace(filters, **unchosen)


def chosen(value: object) -> tuple[Any, ...]:
    """A facet's values as a sorted tuple without blanks or repeats; a lone value is one."""
    values = (value,) if value is None or isinstance(value, str | int) else value
    return tuple(sorted({item for item in cast(Iterable[Any], values) if item not in (None, "")}))


@dataclass(frozen=True)
class Row:
    submission: Submission
    revision: Revision


def matching(
    session: Session, actor: Actor, filters: Filters
) -> tuple[Select[Submission, Revision], search.Match | None]:
    """The unordered (Submission, Revision) query of what this actor may see and the filters keep."""
    query = (
        select(Submission, Revision)
        .join(Revision, shown_revision_clause(actor))
        .where(visible_to(actor))
    )
    matcher = (
        search.match(session, filters.q or "", public=actor.is_anonymous)
        if search.is_searchable(filters.q)
        else None
    )
    query = _filtered(actor, query, _values(filters), col(Revision.id))
    if matcher is not None:
        if matcher.join is not None:
            query = query.join(*matcher.join)
        query = query.where(matcher.where)
    return query, matcher


def list_submissions(
    session: Session,
    actor: Actor,
    filters: Filters,
    page: int = 1,
    page_size: int = 20,
    total: int | None = None,
) -> tuple[list[Row], int]:
    """One page and the total; wide rows are read for the page only.

    A list walks its date index and stops one row past the page; a search ranks and stops past the
    page too (the public's, on SQLite) or counts as it ranks (everyone else's). Either is counted
    apart unless the caller already knows the `total`.
    """
    keys = page_keys(session, actor, filters, page, page_size, total)
    return load_rows(session, actor, keys.found), keys.total


class Keys(NamedTuple):
    """A page's key rows (`id`, `version`, `updated_at`, `revision_id`, and a list's `published_at`)
    in order, the total, and the next page's cursor of a list, if there is one."""

    found: list[Any]
    total: int
    next_cursor: str | None = None


def page_keys(
    session: Session,
    actor: Actor,
    filters: Filters,
    page: int = 1,
    page_size: int = 20,
    total: int | None = None,
    cursor: Cursor | None = None,
) -> Keys:
    """One page of keys: by `page` number, or, for a list (not a search), after a `cursor`."""
    if cursor is not None and search.is_searchable(filters.q):
        raise Invalid("cursor", "a search is paged by page number", "query")
    if cursor is not None and page != 1:
        raise Invalid("page", "give a page number or a cursor, not both", "query")
    if actor.is_anonymous and _only_searched(filters):
        return _public_search(session, filters, page, page_size, total)
    keys, matcher, values = _keys(session, actor, filters)
    # A list reads one row past the page: there is a next page exactly when it is there.
    window = {"limit": page_size + (matcher is None), "offset": (page - 1) * page_size}
    if cursor is not None:
        values |= cursor.values()
    if matcher is None and actor.is_anonymous:
        statement = _public_page(session, keys, filters, cursor is not None)
        found = _run(session, actor, statement, values | window).all()
        if total is None:
            total = count_submissions(session, actor, filters)
        return _listed(actor, found, page_size, total)

    counting = total is None and cursor is None  # after a cursor, the window sees only the rest

    def ranked() -> Query:
        # Counting every match costs a fifth more than ranking them: skipped when the total is known.
        counted = keys.add_columns(func.count().over().label("total")) if counting else keys
        if matcher is not None:
            return _windowed(counted.order_by(matcher.rank, col(Submission.id).desc()))
        if cursor is not None:
            counted = counted.where(cursors.after(cursors.UPDATED))
        return _windowed(
            counted.order_by(col(Submission.updated_at).desc(), col(Submission.id).desc())
        )

    shape = ("ranked", counting, _shape(filters))
    counted = built(session, shape, ranked) if actor.is_anonymous else ranked()
    found = _run(session, actor, counted, values | window).all()
    if counting:
        if found:
            total = int(found[0].total)
        else:
            total = count_submissions(session, actor, filters) if page > 1 else 0
    elif total is None:
        total = count_submissions(session, actor, filters)
    if matcher is not None:
        return Keys(list(found), total)
    return _listed(actor, found, page_size, total)


def public_page(
    session: Session,
    version: public_version.Version,
    filters: Filters,
    page: int = 1,
    page_size: int = 20,
    total: int | None = None,
    cursor: Cursor | None = None,
) -> Keys:
    """`page_keys` for the public, kept under the public-data version: the first pages of each
    norm's list are what most readers ask, and at 100,000 practices their query (and the time zones
    of a hundred dates) was most of a list request's cost."""
    return public_version.remember(
        version,
        "page",
        (filters, page, page_size, cursor),
        lambda: page_keys(session, ANONYMOUS, filters, page, page_size, total, cursor),
    )


def _listed(actor: Actor, found: Sequence[Any], page_size: int, total: int) -> Keys:
    """A list's page from the rows read, one past the page when there is a next page."""
    page = list(found[:page_size])
    after = cursors.next_cursor(actor, page[-1]) if len(found) > page_size else None
    return Keys(page, total, after)


def _only_searched(filters: Filters) -> bool:
    return search.is_searchable(filters.q) and not any(getattr(filters, n) for n in _FILTERS)


def _public_search(
    session: Session,
    filters: Filters,
    page: int,
    page_size: int,
    total: int | None,
) -> Keys:
    """A search and nothing else, by the public: the public index alone ranks it."""
    bound = search.values(session, filters.q or "")
    connection = core(session)
    ids = search.public_page(connection, bound, page_size, (page - 1) * page_size)
    found = public_keys(session, ids)
    if total is None:
        total = search.public_count(connection, bound)
    return Keys(found, total)


def public_keys(session: Session, ids: list[int]) -> list[Any]:
    """The key rows (as `page_keys` finds them) of these public practices, in this order."""
    keys = built(session, ("public keys",), _public_keys)
    by_id = {key.id: key for key in core(session).execute(keys, {"ids": ids})}
    return [by_id[id_] for id_ in ids if id_ in by_id]


def _public_keys() -> Query:
    shown = shown_revision_column(ANONYMOUS)
    return select(
        col(Submission.id),
        col(Submission.version),
        col(Submission.updated_at),
        shown.label("revision_id"),
    ).where(visible_to(ANONYMOUS), col(Submission.id).in_(bindparam("ids", expanding=True)))


def count_submissions(session: Session, actor: Actor, filters: Filters) -> int:
    keys, _, values = _keys(session, actor, filters)

    def build() -> Query:
        return select(func.count()).select_from(keys.subquery())

    count = built(session, ("count", _shape(filters)), build) if actor.is_anonymous else build()
    return int(_run(session, actor, count, values).scalar_one())


def matching_ids(session: Session, actor: Actor, filters: Filters) -> set[int]:
    """The ids of every submission the filters keep, unordered."""
    keys, _, values = _keys(session, actor, filters)

    def build() -> Query:
        return select(keys.subquery().c.id)

    ids = built(session, ("ids", _shape(filters)), build) if actor.is_anonymous else build()
    return {int(id_) for id_ in _run(session, actor, ids, values).scalars()}


def _keys(
    session: Session, actor: Actor, filters: Filters
) -> tuple[Query, search.Match | None, dict[str, Any]]:
    """(submission id, shown revision id) of every match, unordered, the search matcher and the
    values of the statement's parameters."""
    values = _values(filters)
    shown = shown_revision_column(actor)
    matcher = None
    if search.is_searchable(filters.q):
        values |= search.values(session, filters.q or "")
        matcher = search.match(session, filters.q or "", shown, public=actor.is_anonymous)
        search.prefer_index(session)

    def build() -> Query:
        keys: Query = select(
            col(Submission.id),
            col(Submission.version),
            col(Submission.updated_at),
            col(Submission.published_at),
            shown.label("revision_id"),
        ).where(visible_to(actor))
        if (
            filters.language
            or filters.participant
            or filters.cycle
            or (matcher and matcher.join is None)
        ):
            keys = keys.join(Revision, shown_revision_clause(actor))
        keys = _filtered(actor, keys, values, shown)
        if matcher is not None:
            if matcher.join is not None:
                keys = keys.join(*matcher.join)
            keys = keys.where(matcher.where)
        return keys

    keys = built(session, ("keys", _shape(filters)), build) if actor.is_anonymous else build()
    return keys, matcher, values


# The anonymous reader's statements, built once per database dialect and set of filters present,
# then executed with each request's values: building and hashing a statement costs more than
# SQLite takes to answer it.
_statements: dict[str, dict[tuple[object, ...], Query]] = {}


def built(session: Session, key: tuple[object, ...], build: Callable[[], Query]) -> Query:
    kept = _statements.setdefault(_dialect(session), {})
    if key not in kept:
        kept[key] = build()
    return kept[key]


def _public_page(session: Session, keys: Query, filters: Filters, after: bool) -> Query:
    """Newest first, walking the publication-date index (from a cursor) and stopping at the page."""

    def build() -> Query:
        walked = keys.where(cursors.after(cursors.PUBLISHED)) if after else keys
        return _windowed(
            walked.order_by(col(Submission.published_at).desc(), col(Submission.id).desc())
        )

    return built(session, ("page", after, _shape(filters)), build)


def _run(session: Session, actor: Actor, query: Query, values: dict[str, Any]) -> Result[Any]:
    """Key columns need no ORM: the anonymous reader's statements run on the connection."""
    if actor.is_anonymous:
        return core(session).execute(query, values)
    return session.execute(query, values)


def core(session: Session) -> Connection:
    """The session's connection, for reads that need no ORM objects (cheaper than the session's
    `execute`), once what the session holds is written, as the ORM's autoflush would."""
    session.flush()
    return session.connection()


def _windowed(query: Q) -> Q:
    return query.limit(bindparam("limit")).offset(bindparam("offset"))


def _shape(filters: Filters) -> tuple[int, ...]:
    """What a kept statement depends on: which filters are given, one value or several (a facet
    joins one value, see submissions.facets), and how many years (one range each)."""
    return (
        *(_arity(name, getattr(filters, name)) for name in _FILTERS),
        search.is_searchable(filters.q),
    )


def _arity(name: str, value: object) -> int:
    if isinstance(value, tuple):
        return len(value) if name == "year" else min(len(value), 2)
    return int(bool(value))


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def load_rows(session: Session, actor: Actor, found: Sequence[Any]) -> list[Row]:
    """The wide rows of the keys `page_keys` found, in their order."""
    if not found:
        return []
    wide = select(Submission, Revision).join(Revision, shown_revision_clause(actor))
    loaded = {
        submission.id: (submission, revision)
        for submission, revision in session.execute(
            wide.where(col(Submission.id).in_([key.id for key in found]))
        ).all()
    }
    return [Row(*loaded[key.id]) for key in found]


_FILTERS = ("norm", "theme", "participant", "status", "cycle", "language", "year")


def _values(filters: Filters) -> dict[str, Any]:
    """The bound values of the filters present, checked."""
    values: dict[str, Any] = {}
    if filters.norm:
        values["norm"] = sorted({_norm(given) for given in filters.norm})
    if filters.theme:
        values["theme"] = list(filters.theme)
    if filters.participant:
        values["participant"] = sorted({code.upper() for code in filters.participant})
    if filters.status:
        values["status"] = filters.status
    if filters.cycle:
        values["cycle"] = filters.cycle
    if filters.language:
        values["language"] = list(filters.language)
    for index, year in enumerate(filters.year):
        values[f"year_start_{index}"] = datetime(year, 1, 1, tzinfo=UTC)
        values[f"year_end_{index}"] = datetime(year + 1, 1, 1, tzinfo=UTC)
    return values


def _norm(given: str) -> str:
    code = canonical(given)
    if code is None:
        raise Invalid("norm", f"unknown norm {given!r}", "query")
    return code


def _years(values: dict[str, Any]) -> Iterable[tuple[BindParameter[Any], BindParameter[Any]]]:
    """The (start, end) parameters of each year chosen."""
    index = 0
    while f"year_start_{index}" in values:
        yield (
            bindparam(f"year_start_{index}", values[f"year_start_{index}"]),
            bindparam(f"year_end_{index}", values[f"year_end_{index}"]),
        )
        index += 1


def _filtered(
    actor: Actor, query: Q, values: dict[str, Any], revision_id: SQLColumnExpression[Any]
) -> Q:
    def bound(name: str) -> BindParameter[Any]:
        return bindparam(name, values[name])

    def listed(name: str) -> BindParameter[Any]:
        return bindparam(name, values[name], expanding=True)

    if "norm" in values:
        query = query.where(
            exists().where(
                col(RevisionNorm.revision_id) == revision_id,
                col(RevisionNorm.norm_code).in_(listed("norm")),
            )
        )
    if "theme" in values:
        query = query.where(
            exists().where(
                col(RevisionTheme.revision_id) == revision_id,
                col(RevisionTheme.theme_code).in_(listed("theme")),
            )
        )
    if "participant" in values:
        codes = tuple(values["participant"])
        query = query.where(participants_filter_clause(actor, codes, listed("participant")))
    if "status" in values:
        query = query.where(status_clause(actor, values["status"], bound("status")))
    if "cycle" in values:  # the cycle of the revision the actor sees
        query = query.join(Cycle, col(Cycle.id) == Revision.cycle_id).where(
            col(Cycle.code) == bound("cycle")
        )
    if "language" in values:
        query = query.where(col(Revision.language).in_(listed("language")))
    years = [
        and_(col(Submission.published_at) >= start, col(Submission.published_at) < end)
        for start, end in _years(values)
    ]
    if years:
        query = query.where(or_(*years))
    return query
