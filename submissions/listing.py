"""Filtered, searched and paginated lists of submissions, as each actor may see them."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, exists, func, select
from sqlmodel import Session

from norms.codes import canonical
from norms.errors import Invalid
from submissions import search
from submissions.access import (
    Actor,
    participant_filter_clause,
    shown_revision_clause,
    shown_revision_column,
    visible_to,
)
from submissions.models import Cycle, Revision, RevisionNorm, RevisionTheme, Status, Submission


@dataclass(frozen=True)
class Filters:
    norm: str | None = None
    participant: str | None = None
    theme: str | None = None
    status: Status | None = None
    cycle: str | None = None
    language: str | None = None
    year: int | None = None
    q: str | None = None


@dataclass(frozen=True)
class Row:
    submission: Submission
    revision: Revision
    snippet: str | None = None


def matching(session: Session, actor: Actor, filters: Filters):  # type: ignore[no-untyped-def]
    """The unordered (Submission, Revision) query of what this actor may see and the filters keep."""
    query = (
        select(Submission, Revision)
        .join(Revision, shown_revision_clause(actor))
        .where(visible_to(actor))
    )
    matcher = search.match(session, filters.q or "") if search.is_searchable(filters.q) else None
    query = _filtered(actor, query, _values(filters), Revision.id)
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

    A search counts in the same pass as it ranks. A list walks the publication-date index and stops
    at the page, and is counted apart, unless the caller already knows the `total`.
    """
    found, total, matcher = page_keys(session, actor, filters, page, page_size, total)
    return load_rows(session, actor, found, matcher), total


def page_keys(
    session: Session,
    actor: Actor,
    filters: Filters,
    page: int = 1,
    page_size: int = 20,
    total: int | None = None,
) -> tuple[list[Any], int, search.Match | None]:
    """The page's keys (`id`, `version`, `updated_at`, `revision_id`) in order, the total and the
    search matcher."""
    keys, matcher, values = _keys(session, actor, filters)
    window = {"limit": page_size, "offset": (page - 1) * page_size}
    if matcher is None and actor.is_anonymous:
        found = _run(session, actor, _public_page(session, keys, filters), values | window).all()
        if total is None:
            total = count_submissions(session, actor, filters)
        return list(found), total, None

    counting = total is None

    def ranked():  # type: ignore[no-untyped-def]
        # Counting every match costs a fifth more than ranking them: skipped when the total is known.
        counted = keys.add_columns(func.count().over().label("total")) if counting else keys
        if matcher is not None:
            return _windowed(counted.order_by(matcher.rank, Submission.id.desc()))  # type: ignore[union-attr]
        return _windowed(counted.order_by(Submission.updated_at.desc(), Submission.id.desc()))  # type: ignore[attr-defined]

    shape = ("ranked", counting, _shape(filters))
    counted = _built(session, shape, ranked) if actor.is_anonymous else ranked()
    found = _run(session, actor, counted, values | window).all()
    if counting:
        if found:
            total = int(found[0].total)
        else:
            total = count_submissions(session, actor, filters) if page > 1 else 0
    return list(found), total, matcher


def count_submissions(session: Session, actor: Actor, filters: Filters) -> int:
    keys, _, values = _keys(session, actor, filters)

    def build():  # type: ignore[no-untyped-def]
        return select(func.count()).select_from(keys.subquery())

    count = _built(session, ("count", _shape(filters)), build) if actor.is_anonymous else build()
    return int(_run(session, actor, count, values).scalar_one())


def _keys(session: Session, actor: Actor, filters: Filters):  # type: ignore[no-untyped-def]
    """(submission id, shown revision id) of every match, unordered, the search matcher and the
    values of the statement's parameters."""
    values = _values(filters)
    shown = shown_revision_column(actor)
    matcher = None
    if search.is_searchable(filters.q):
        values |= search.values(session, filters.q or "")
        matcher = search.match(session, filters.q or "", shown)

    def build():  # type: ignore[no-untyped-def]
        keys = select(
            Submission.id, Submission.version, Submission.updated_at, shown.label("revision_id")
        ).where(visible_to(actor))
        if filters.language or filters.participant or (matcher and matcher.join is None):
            keys = keys.join(Revision, shown_revision_clause(actor))
        keys = _filtered(actor, keys, values, shown)
        if matcher is not None:
            if matcher.join is not None:
                keys = keys.join(*matcher.join)
            keys = keys.where(matcher.where)
        return keys

    keys = _built(session, ("keys", _shape(filters)), build) if actor.is_anonymous else build()
    return keys, matcher, values


# The anonymous reader's statements, built once per database dialect and set of filters present,
# then executed with each request's values: building and hashing a statement costs more than
# SQLite takes to answer it.
_statements: dict[str, dict[tuple[object, ...], Any]] = {}


def _built(session: Session, key: tuple[object, ...], build):  # type: ignore[no-untyped-def]
    kept = _statements.setdefault(_dialect(session), {})
    if key not in kept:
        kept[key] = build()
    return kept[key]


def _public_page(session: Session, keys, filters: Filters):  # type: ignore[no-untyped-def]
    """Newest first, walking the publication-date index and stopping at the page."""
    return _built(
        session,
        ("page", _shape(filters)),
        lambda: _windowed(
            keys.order_by(Submission.published_at.desc(), Submission.id.desc())  # type: ignore[union-attr]
        ),
    )


def _run(session: Session, actor: Actor, query, values: dict[str, Any]):  # type: ignore[no-untyped-def]
    """Key columns need no ORM: the anonymous reader's statements run on the connection."""
    if actor.is_anonymous:
        return core(session).execute(query, values)
    return session.execute(query, values)


def core(session: Session) -> Connection:
    """The session's connection, for reads that need no ORM objects (cheaper than the session's
    `execute`), once what the session holds is written, as the ORM's autoflush would."""
    session.flush()
    return session.connection()


def _windowed(query):  # type: ignore[no-untyped-def]
    return query.limit(bindparam("limit")).offset(bindparam("offset"))


def _shape(filters: Filters) -> tuple[bool, ...]:
    return (*(bool(getattr(filters, name)) for name in _FILTERS), search.is_searchable(filters.q))


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def load_rows(session: Session, actor: Actor, found, matcher) -> list[Row]:  # type: ignore[no-untyped-def]
    """The wide rows (and search snippets) of the keys `page_keys` found, in their order."""
    if not found:
        return []
    wide = select(Submission, Revision).join(Revision, shown_revision_clause(actor))
    loaded = {
        submission.id: (submission, revision)
        for submission, revision in session.execute(
            wide.where(Submission.id.in_([key.id for key in found]))  # type: ignore[union-attr]
        ).all()
    }
    extracts = (
        search.snippets(session, matcher, [key.revision_id for key in found]) if matcher else {}
    )
    return [Row(*loaded[key.id], extracts.get(key.revision_id)) for key in found]


_FILTERS = ("norm", "theme", "participant", "status", "cycle", "language", "year")


def _values(filters: Filters) -> dict[str, Any]:
    """The bound values of the filters present, checked."""
    values: dict[str, Any] = {}
    if filters.norm:
        code = canonical(filters.norm)
        if code is None:
            raise Invalid("norm", f"unknown norm {filters.norm!r}")
        values["norm"] = code
    if filters.theme:
        values["theme"] = filters.theme
    if filters.participant:
        values["participant"] = filters.participant.upper()
    if filters.status:
        values["status"] = filters.status
    if filters.cycle:
        values["cycle"] = filters.cycle
    if filters.language:
        values["language"] = filters.language
    if filters.year:
        values["year_start"] = datetime(filters.year, 1, 1, tzinfo=UTC)
        values["year_end"] = datetime(filters.year + 1, 1, 1, tzinfo=UTC)
    return values


def _filtered(actor: Actor, query, values: dict[str, Any], revision_id):  # type: ignore[no-untyped-def]
    def bound(name: str):  # type: ignore[no-untyped-def]
        return bindparam(name, values[name])

    if "norm" in values:
        query = query.where(
            exists().where(
                RevisionNorm.revision_id == revision_id, RevisionNorm.norm_code == bound("norm")
            )
        )
    if "theme" in values:
        query = query.where(
            exists().where(
                RevisionTheme.revision_id == revision_id,
                RevisionTheme.theme_code == bound("theme"),
            )
        )
    if "participant" in values:
        query = query.where(
            participant_filter_clause(actor, values["participant"], bound("participant"))
        )
    if "status" in values:
        query = query.where(Submission.status == bound("status"))
    if "cycle" in values:
        query = query.join(Cycle, Cycle.id == Submission.cycle_id).where(
            Cycle.code == bound("cycle")
        )
    if "language" in values:
        query = query.where(Revision.language == bound("language"))
    if "year_start" in values:
        query = query.where(
            Submission.published_at >= bound("year_start"),  # type: ignore[operator]
            Submission.published_at < bound("year_end"),  # type: ignore[operator]
        )
    return query
