"""Ranked full-text search: SQLite FTS5 or PostgreSQL tsvector, behind one interface."""

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    ColumnClause,
    Connection,
    Integer,
    MetaData,
    Table,
    Text,
    TextClause,
    delete,
    func,
    literal_column,
    select,
    text,
)
from sqlmodel import Session, col

from submissions.access import is_public
from submissions.models import Revision, Submission

_WORD = re.compile(r"\w+", re.UNICODE)

_INDEXED = ("title", "summary", "body", "lessons_learned", "best_practices")


def _fts_table(name: str) -> Table:
    # Created by the migrations with raw SQL; described here only to build queries.
    return Table(
        name,
        MetaData(),
        Column("rowid", Integer),
        *(Column(column, Text) for column in _INDEXED),
        Column("rank", Text),
    )


# SQLite: every working and published revision, keyed by revision id (what delegations and the
# presidency search), and the public practices' published text, keyed by submission id.
fts = _fts_table("revision_fts")
public_fts = _fts_table("public_fts")
_PG_QUERY = "(to_tsquery('english', :q) || to_tsquery('french', :q))"


@dataclass(frozen=True)
class Match:
    """How to filter and rank the rows matching one query."""

    join: Any | None
    where: Any
    rank: Any


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


def match(session: Session, query: str, revision_id: Any = None, public: bool = False) -> Match:
    """The clauses for a user's free text; every term must appear (the last as a prefix).

    On SQLite the index joins on `revision_id` (Revision.id unless told otherwise), so that a
    list can match without reading the wide revision rows; or, for what the `public` may read,
    the public index joins on the submission's id.
    """
    bound = values(session, query)
    if _dialect(session) == "sqlite":
        table = public_fts if public else fts
        key = Submission.id if public else Revision.id if revision_id is None else revision_id
        return Match(
            join=(table, table.c.rowid == key),
            where=text(f"{table.name} MATCH :fts_query").bindparams(**bound),
            rank=table.c.rank,
        )
    pg_query = text(_PG_QUERY).bindparams(**bound)
    vector: ColumnClause[Any] = literal_column("revision.search_vector")
    return Match(
        join=None,
        where=vector.op("@@")(pg_query),
        rank=-func.ts_rank_cd(vector, pg_query),
    )


def prefer_index(session: Session) -> None:
    """PostgreSQL: match through the GIN index, for the rest of this transaction. The planner does
    not count decompressing each revision's tsvector (about 4.5 kB, stored out of line), so for a
    common word it reads every revision instead, several times slower (0.5 s against 0.09 s for
    `hotline` at 20,000 practices)."""
    if _dialect(session) == "postgresql":
        session.execute(text("SET LOCAL enable_seqscan = off"))


def public_page(
    connection: Connection, bound: dict[str, str], limit: int, offset: int
) -> list[int]:
    """The ids of the page of public practices best matching `bound` (what `values` gave), ties
    to the newest, from the public index alone."""
    if connection.dialect.name == "sqlite":
        values = {"q": bound["fts_query"], "limit": limit, "offset": offset}
        return [int(id_) for id_ in connection.execute(_RANKED, values).scalars()]
    values = bound | {"limit": limit, "offset": offset}
    return [int(id_) for id_ in connection.execute(_PG_RANKED, values).scalars()]


def public_count(connection: Connection, bound: dict[str, str]) -> int:
    """Matches in the public index: counting without ranking costs a tenth of ranking."""
    if connection.dialect.name == "sqlite":
        return int(connection.execute(_COUNTED, {"q": bound["fts_query"]}).scalar_one())
    return int(connection.execute(_PG_COUNTED, bound).scalar_one())


# Ordered by rank alone, FTS5 sorts every match; with the tie-break SQLite keeps only the best
# `limit + offset` as it ranks them: a quarter less time at 100,000 practices.
_RANKED = text(
    "SELECT rowid FROM public_fts WHERE public_fts MATCH :q "
    "ORDER BY rank, rowid DESC LIMIT :limit OFFSET :offset"
)
_COUNTED = text("SELECT count(*) FROM public_fts WHERE public_fts MATCH :q")
_PG_RANKED = text(
    "SELECT submission_id FROM public_search, "
    f"(SELECT {_PG_QUERY} AS query) AS asked WHERE vector @@ asked.query "
    "ORDER BY ts_rank_cd(vector, asked.query) DESC, submission_id DESC LIMIT :limit OFFSET :offset"
)
_PG_COUNTED = text(f"SELECT count(*) FROM public_search WHERE vector @@ {_PG_QUERY}")


def reindex(session: Session, submission: Submission) -> None:
    """Keep exactly the working and the published revision of a submission in the FTS5 index,
    and its published text in the public index while the public may read it."""
    public = is_public(submission)
    if _dialect(session) != "sqlite":  # every revision has a generated tsvector column
        session.execute(_PG_UNLISTED, {"id": submission.id})
        if public:
            values = {"id": submission.id, "revision": submission.published_revision_id}
            session.execute(_PG_LISTED, values)
        return
    ids = select(col(Revision.id)).where(col(Revision.submission_id) == submission.id)
    session.execute(delete(fts).where(fts.c.rowid.in_(ids)))
    keep = {submission.current_revision_id, submission.published_revision_id} - {None}
    for revision_id in keep:
        session.execute(_insert("revision_fts"), {"rowid": revision_id, "id": revision_id})
    session.execute(delete(public_fts).where(public_fts.c.rowid == submission.id))
    if public:
        session.execute(
            _insert("public_fts"),
            {"rowid": submission.id, "id": submission.published_revision_id},
        )


_PG_UNLISTED = text("DELETE FROM public_search WHERE submission_id = :id")
_PG_LISTED = text(
    "INSERT INTO public_search (submission_id, vector) "
    "SELECT :id, search_vector FROM revision WHERE id = :revision"
)


def _insert(table: str) -> TextClause:
    columns = ", ".join(_INDEXED)
    return text(
        f"INSERT INTO {table} (rowid, {columns}) SELECT :rowid, {columns} FROM revision WHERE id = :id"
    )


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name
