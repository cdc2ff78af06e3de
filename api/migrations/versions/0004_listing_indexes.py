"""listing indexes

Lists filter on a revision's language and attribution, and the public pages' freshness check
reads the latest change. A covering index keeps those lookups off the wide revision rows. Public
lists, newest first, walk (published_at, id) and stop at the page instead of sorting every match.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_revision_listing", "revision", ["id", "language", "attribution"])
    op.create_index("ix_submission_updated_at", "submission", ["updated_at"])
    op.create_index("ix_submission_published", "submission", ["published_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_submission_published", table_name="submission")
    op.drop_index("ix_submission_updated_at", table_name="submission")
    op.drop_index("ix_revision_listing", table_name="revision")
