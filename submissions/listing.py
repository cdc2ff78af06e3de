"""Filtered, searched and paginated lists of submissions, as each actor may see them."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import exists, func, select
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
    query = _filtered(actor, query, filters, Revision.id)
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
    keys, matcher = _keys(session, actor, filters)
    if matcher is None and actor.is_anonymous:
        ordered = keys.order_by(Submission.published_at.desc(), Submission.id.desc())  # type: ignore[union-attr]
        found = session.execute(ordered.offset((page - 1) * page_size).limit(page_size)).all()
        if total is None:
            total = count_submissions(session, actor, filters)
        return list(found), total, None
    counted = keys.add_columns(func.count().over().label("total"))
    if matcher is not None:
        counted = counted.order_by(matcher.rank, Submission.id.desc())  # type: ignore[union-attr]
    else:
        counted = counted.order_by(Submission.updated_at.desc(), Submission.id.desc())  # type: ignore[attr-defined]
    found = session.execute(counted.offset((page - 1) * page_size).limit(page_size)).all()
    if found:
        total = int(found[0].total)
    elif page > 1:
        total = session.execute(select(func.count()).select_from(keys.subquery())).scalar_one()
    else:
        total = 0
    return list(found), total, matcher


def count_submissions(session: Session, actor: Actor, filters: Filters) -> int:
    keys, _ = _keys(session, actor, filters)
    return int(session.execute(select(func.count()).select_from(keys.subquery())).scalar_one())


def _keys(session: Session, actor: Actor, filters: Filters):  # type: ignore[no-untyped-def]
    """(submission id, shown revision id) of every match, unordered, and the search matcher."""
    shown = shown_revision_column(actor)
    keys = select(
        Submission.id, Submission.version, Submission.updated_at, shown.label("revision_id")
    ).where(visible_to(actor))
    searching = search.is_searchable(filters.q)
    matcher = search.match(session, filters.q or "", shown) if searching else None
    if filters.language or filters.participant or (matcher is not None and matcher.join is None):
        keys = keys.join(Revision, shown_revision_clause(actor))
    keys = _filtered(actor, keys, filters, shown)
    if matcher is not None:
        if matcher.join is not None:
            keys = keys.join(*matcher.join)
        keys = keys.where(matcher.where)
    return keys, matcher


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


def _filtered(actor: Actor, query, filters: Filters, revision_id):  # type: ignore[no-untyped-def]
    if filters.norm:
        code = canonical(filters.norm)
        if code is None:
            raise Invalid("norm", f"unknown norm {filters.norm!r}")
        query = query.where(
            exists().where(RevisionNorm.revision_id == revision_id, RevisionNorm.norm_code == code)
        )
    if filters.theme:
        query = query.where(
            exists().where(
                RevisionTheme.revision_id == revision_id, RevisionTheme.theme_code == filters.theme
            )
        )
    if filters.participant:
        query = query.where(participant_filter_clause(actor, filters.participant.upper()))
    if filters.status:
        query = query.where(Submission.status == filters.status)
    if filters.cycle:
        query = query.join(Cycle, Cycle.id == Submission.cycle_id).where(
            Cycle.code == filters.cycle
        )
    if filters.language:
        query = query.where(Revision.language == filters.language)
    if filters.year:
        start, end = (
            datetime(filters.year, 1, 1, tzinfo=UTC),
            datetime(filters.year + 1, 1, 1, tzinfo=UTC),
        )
        query = query.where(Submission.published_at >= start, Submission.published_at < end)  # type: ignore[operator]
    return query
