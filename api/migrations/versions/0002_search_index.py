"""full-text search index

SQLite: an FTS5 table keyed by revision id, kept by submissions.search.reindex.
PostgreSQL: a generated, weighted tsvector column with a GIN index, per-language stemming.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_COLUMNS = ("title", "summary", "body", "lessons_learned", "best_practices")


def _vector(config: str) -> str:
    rest = " || ' ' || ".join(f"coalesce({c}, '')" for c in _COLUMNS[2:])
    return (
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(title, '')), 'A') || "
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(summary, '')), 'B') || "
        f"setweight(to_tsvector('{config}'::regconfig, {rest}), 'C')"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE revision_fts USING fts5("
            + ", ".join(_COLUMNS)
            + ", tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        return
    op.execute(
        "ALTER TABLE revision ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        f"CASE WHEN language = 'fr' THEN {_vector('french')} ELSE {_vector('english')} END"
        ") STORED"
    )
    op.execute("CREATE INDEX ix_revision_search ON revision USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE revision_fts")
        return
    op.execute("DROP INDEX ix_revision_search")
    op.execute("ALTER TABLE revision DROP COLUMN search_vector")
