"""norm text official

Whether a norm's stored texts are the official UN wording (loaded by `normbook norms load --texts`)
or the project's own summaries, which pages and reports then label as such.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch copy of the table would drop `norm`, which others reference.
    op.add_column(
        "norm", sa.Column("text_official", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    op.drop_column("norm", "text_official")
