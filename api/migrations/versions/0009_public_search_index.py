"""public search index

SQLite: a second FTS5 table holding only what the public may read, one row per public practice
(keyed by submission id) with its published revision's text. Public searches rank it alone instead
of matching every indexed revision and joining each match back to its practice, and working
revisions no longer weigh on the public ranking's term statistics. PostgreSQL searches its
generated tsvector column and needs nothing more.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_COLUMNS = "title, summary, body, lessons_learned, best_practices"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        f"CREATE VIRTUAL TABLE public_fts USING fts5({_COLUMNS}, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        f"INSERT INTO public_fts (rowid, {_COLUMNS}) "
        f"SELECT s.id, {', '.join('r.' + c.strip() for c in _COLUMNS.split(','))} "
        "FROM submission s JOIN revision r ON r.id = s.published_revision_id "
        "WHERE s.status != 'withdrawn' ORDER BY s.id"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE public_fts")
