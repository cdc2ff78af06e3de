"""background jobs

One row per piece of work asked of the worker (`api/jobs.py`): its key makes a job run once however
many requests ask for it, and its state and progress are what the presidency's pages show. Several
instances share it through the database.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("subject", sa.String(60), nullable=False, index=True),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False, index=True),
        sa.Column("progress", sa.Float(), nullable=False, server_default="0"),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("job")
