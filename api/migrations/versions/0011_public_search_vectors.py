"""public search vectors

PostgreSQL: the public practices' published tsvectors in a narrow table of their own, keyed by
submission id, with a GIN index, kept by submissions.search.reindex. A public search ranks these
alone: matching every revision (superseded ones included) in the wide revision table and ranking
each before joining it to its practice read and decompressed two to three times as many vectors.
SQLite has `public_fts` (0009) for the same purpose.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(
        "CREATE TABLE public_search ("
        "submission_id integer PRIMARY KEY REFERENCES submission (id) ON DELETE CASCADE, "
        "vector tsvector NOT NULL)"
    )
    op.execute(
        "INSERT INTO public_search (submission_id, vector) "
        "SELECT s.id, r.search_vector FROM submission s "
        "JOIN revision r ON r.id = s.published_revision_id WHERE s.status != 'withdrawn'"
    )
    op.execute("CREATE INDEX ix_public_search_vector ON public_search USING gin (vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TABLE public_search")
