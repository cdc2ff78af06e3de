"""Ranked full-text search: SQLite FTS5 or PostgreSQL tsvector, behind one interface."""

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
    Text,
    delete,
    func,
    literal_column,
    select,
    text,
)
from sqlmodel import Session

from submissions.models import Revision, Submission

MARK_START, MARK_END = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)

# Created by the migrations with raw SQL; described here only to build queries.
fts = Table(
    "revision_fts",
    MetaData(),
    Column("rowid", Integer),
    *(
        Column(name, Text)
        for name in ("title", "summary", "body", "lessons_learned", "best_practices")
    ),
    Column("rank", Text),
)
_PG_QUERY = "(to_tsquery('english', :q) || to_tsquery('french', :q))"


@dataclass(frozen=True)
class Match:
    """How to filter, rank and highlight the rows matching one query."""

    join: Any | None
    where: Any
    rank: Any
    snippet: Any


def terms(query: str) -> list[str]:
    return _WORD.findall(query or "")[:32]


def is_searchable(query: str | None) -> bool:
    return bool(terms(query or ""))


def values(session: Session, query: str) -> dict[str, str]:
    """The bound values of `match`'s clauses for a user's free text: a statement built once may
    be executed again with another query's values."""
    words = terms(query)
    if _dialect(session) == "sqlite":
        expression = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
        return {"fts_query": expression.strip()}
    return {"q": " & ".join([*words[:-1], f"{words[-1]}:*"])}


def match(session: Session, query: str, revision_id: Any = None) -> Match:
    """The clauses for a user's free text; every term must appear (the last as a prefix).

    On SQLite the index joins on `revision_id` (Revision.id unless told otherwise), so that a
    list can match without reading the wide revision rows.
    """
    bound = values(session, query)
    if _dialect(session) == "sqlite":
        snippet = func.snippet(literal_column("revision_fts"), -1, MARK_START, MARK_END, "…", 24)
        return Match(
            join=(fts, fts.c.rowid == (Revision.id if revision_id is None else revision_id)),
            where=text("revision_fts MATCH :fts_query").bindparams(**bound),
            rank=fts.c.rank,
            snippet=snippet,
        )
    pg_query = text(_PG_QUERY).bindparams(**bound)
    vector = literal_column("revision.search_vector")
    options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxFragments=2, MaxWords=30, MinWords=10"
    return Match(
        join=None,
        where=vector.op("@@")(pg_query),
        rank=-func.ts_rank_cd(vector, pg_query),
        snippet=func.ts_headline(
            "simple",
            func.concat_ws(
                " ",
                Revision.summary,
                Revision.body,
                Revision.best_practices,
                Revision.lessons_learned,
            ),
            pg_query,
            options,
        ),
    )


def snippets(session: Session, matcher: Match, revision_ids: list[int]) -> dict[int, str]:
    """Highlighted extracts for a page of matching revisions only, not for every match."""
    if not revision_ids:
        return {}
    if matcher.join is not None:
        query = (
            select(fts.c.rowid, matcher.snippet)
            .select_from(fts)
            .where(matcher.where, fts.c.rowid.in_(revision_ids))
        )
    else:
        query = select(Revision.id, matcher.snippet).where(Revision.id.in_(revision_ids))  # type: ignore[union-attr]
    return {int(id_): str(text_) for id_, text_ in session.execute(query).all()}


def reindex(session: Session, submission: Submission) -> None:
    """Keep exactly the working and the published revision of a submission in the FTS5 index."""
    if _dialect(session) != "sqlite":
        return  # PostgreSQL keeps a generated tsvector column on every revision.
    ids = select(Revision.id).where(Revision.submission_id == submission.id)  # type: ignore[call-overload]
    session.execute(delete(fts).where(fts.c.rowid.in_(ids)))
    keep = {submission.current_revision_id, submission.published_revision_id} - {None}
    for revision_id in keep:
        session.execute(
            text(
                "INSERT INTO revision_fts (rowid, title, summary, body, lessons_learned, best_practices) "
                "SELECT id, title, summary, body, lessons_learned, best_practices FROM revision WHERE id = :id"
            ),
            {"id": revision_id},
        )


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name
