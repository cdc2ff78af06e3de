"""Facet counts of a filtered list: matching practices per norm, participant, theme, language, year."""

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Integer, String, and_, bindparam, case, cast, extract, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from submissions import listing, search
from submissions.access import Actor, shown_revision_clause, shown_revision_column, visible_to
from submissions.listing import FACETS, Filters, without
from submissions.models import Attribution, Revision, RevisionNorm, RevisionTheme, Submission

# Joins the values of a facet into one string per statement; no code contains it.
_SEPARATOR = "\x1f"


@dataclass(frozen=True)
class Facets:
    """(value, count) pairs, most frequent first."""

    norm: list[tuple[str, int]]
    participant: list[tuple[str, int]]
    theme: list[tuple[str, int]]
    language: list[tuple[str, int]]
    year: list[tuple[str, int]]


def facets(session: Session, actor: Actor, filters: Filters) -> Facets:
    """Each facet's counts among the practices every other facet keeps: a facet's values are
    alternatives, so those of a facet already chosen are counted as if it were not."""
    counted = _counts(session, actor, filters)
    own = {
        name: getattr(_counts(session, actor, without(filters, name)), name)
        for name in FACETS
        if getattr(filters, name)
    }
    return replace(counted, **own)


def _counts(session: Session, actor: Actor, filters: Filters) -> Facets:
    """Every facet in one statement, which reads each matching practice once per facet table.

    A list shows one revision per practice and a revision serves a norm or a theme once, so each
    value is counted without DISTINCT. SQLite sorts every row to GROUP BY, which costs more than
    reading them: the values come back joined in one string per facet and are counted here.
    """
    values = listing._values(filters)
    if search.is_searchable(filters.q):
        values |= search.values(session, filters.q or "")
        search.prefer_index(session)

    if actor.is_anonymous:
        statement = listing.built(
            session,
            ("facets", listing._shape(filters)),
            lambda: _statement(session, actor, filters),
        )
    else:
        statement = _statement(session, actor, filters)
    norm, participant, theme, language, year = (
        listing.core(session).execute(statement, values).one()
    )
    return Facets(
        norm=_counted(norm),
        participant=_counted(participant),
        theme=_counted(theme),
        language=_counted(language),
        year=sorted(_counted(year), reverse=True),
    )


def _statement(session: Session, actor: Actor, filters: Filters):  # type: ignore[no-untyped-def]
    """A row of five strings: the norm, participant, theme, language and year of every match."""
    values = listing._values(filters)
    shown = shown_revision_column(actor)
    matcher = (
        search.match(session, filters.q or "", shown, public=actor.is_anonymous)
        if search.is_searchable(filters.q)
        else None
    )
    needs_revision = bool(filters.language or filters.participant) or (
        matcher is not None and matcher.join is None
    )

    def matching(*columns: Any, revision: bool = False):  # type: ignore[no-untyped-def]
        query = select(*columns).select_from(Submission).where(visible_to(actor))
        if revision or needs_revision:
            query = query.join(Revision, shown_revision_clause(actor))
        query = _tagged(query, values, shown)
        others = {name: value for name, value in values.items() if not _is_joined(name, value)}
        query = listing._filtered(actor, query, others, shown)
        if matcher is not None:
            if matcher.join is not None:
                query = query.join(*matcher.join)
            query = query.where(matcher.where)
        return query

    def codes(model, column: str):  # type: ignore[no-untyped-def]
        table = aliased(model)
        joined = matching(_joined(getattr(table, column))).join(table, table.revision_id == shown)
        return joined.correlate(None).scalar_subquery()

    attributable = _attributable(actor)
    participant = (
        Submission.participant_code
        if attributable is None
        else case((attributable, Submission.participant_code))
    )
    return matching(
        codes(RevisionNorm, "norm_code"),
        _joined(participant),
        codes(RevisionTheme, "theme_code"),
        _joined(Revision.language),
        _joined(_year(listing._dialect(session))),
        revision=True,
    )


_TAGS: dict[str, Any] = {"norm": RevisionNorm, "theme": RevisionTheme}


def _is_joined(name: str, value: Any) -> bool:
    """One norm or theme is joined; several would count a practice once for each it holds."""
    return name in _TAGS and len(value) == 1


def _tagged(query, values: dict[str, Any], shown):  # type: ignore[no-untyped-def]
    """A single norm or theme filter as a join, which SQLite can start from the code's index
    entries; it runs an EXISTS once for every visible practice."""
    for name, model in _TAGS.items():
        if name in values and _is_joined(name, values[name]):
            tag = aliased(model)
            code = getattr(tag, f"{name}_code")
            listed: Any = bindparam(name, values[name], expanding=True)
            query = query.join(tag, and_(tag.revision_id == shown, code.in_(listed)))
    return query


def _year(dialect: str):  # type: ignore[no-untyped-def]
    if dialect == "sqlite":
        # Stored as text, "YYYY-MM-DD HH:MM:SS...": parsing every date would cost more than the count.
        return func.substr(Submission.published_at, 1, 4)
    return cast(cast(extract("year", Submission.published_at), Integer), String)  # type: ignore[arg-type]


def _joined(column: Any) -> Any:
    return func.aggregate_strings(column, _SEPARATOR)


def _counted(joined: str | None) -> list[tuple[str, int]]:
    counts = Counter(joined.split(_SEPARATOR)) if joined else Counter[str]()
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def _attributable(actor: Actor):  # type: ignore[no-untyped-def]
    """Anonymised work never counts under its participant, except for those who may know it."""
    attributed = Revision.attribution == Attribution.attributed
    if actor.is_presidency:
        return None
    if actor.participant:
        return or_(attributed, Submission.participant_code == actor.participant)  # type: ignore[arg-type]
    return attributed
