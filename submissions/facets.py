"""Facet counts of a filtered list: matching practices per norm, participant, theme, language, year."""

from dataclasses import dataclass

from sqlalchemy import extract, func, or_, select
from sqlmodel import Session

from submissions.access import Actor
from submissions.listing import Filters, matching
from submissions.models import Attribution, Revision, RevisionNorm, RevisionTheme, Submission


@dataclass(frozen=True)
class Facets:
    """(value, count) pairs, most frequent first."""

    norm: list[tuple[str, int]]
    participant: list[tuple[str, int]]
    theme: list[tuple[str, int]]
    language: list[tuple[str, int]]
    year: list[tuple[str, int]]


def facets(session: Session, actor: Actor, filters: Filters) -> Facets:
    query, _ = matching(session, actor, filters)
    rows = query.with_only_columns(
        Submission.id.label("submission_id"),  # type: ignore[union-attr]
        Revision.id.label("revision_id"),  # type: ignore[union-attr]
        Submission.participant_code.label("participant"),
        Revision.language.label("language"),
        Revision.attribution.label("attribution"),
        extract("year", Submission.published_at).label("year"),
    ).subquery()

    def count(column, *joins, where=None) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
        grouped = select(column, func.count(func.distinct(rows.c.submission_id))).select_from(rows)
        for table, onclause in joins:
            grouped = grouped.join(table, onclause)
        if where is not None:
            grouped = grouped.where(where)
        grouped = grouped.where(column.is_not(None)).group_by(column)
        result = [(str(value), int(n)) for value, n in session.execute(grouped).all()]
        return sorted(result, key=lambda pair: (-pair[1], pair[0]))

    return Facets(
        norm=count(
            RevisionNorm.norm_code, (RevisionNorm, RevisionNorm.revision_id == rows.c.revision_id)
        ),
        participant=count(rows.c.participant, where=_attributable(actor, rows)),
        theme=count(
            RevisionTheme.theme_code,
            (RevisionTheme, RevisionTheme.revision_id == rows.c.revision_id),
        ),
        language=count(rows.c.language),
        year=sorted(((str(int(float(y))), n) for y, n in count(rows.c.year)), reverse=True),
    )


def _attributable(actor: Actor, rows):  # type: ignore[no-untyped-def]
    """Anonymised work never counts under its participant, except for those who may know it."""
    attributed = rows.c.attribution == Attribution.attributed
    if actor.is_presidency:
        return None
    if actor.participant:
        return or_(attributed, rows.c.participant == actor.participant)
    return attributed
