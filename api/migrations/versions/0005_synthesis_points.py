"""synthesis points and grouping

A synthesis keeps each frozen practice's points (split once from the revision's sanitised HTML)
and the consolidated grouping computed when it was made, so rendering parses and compares nothing.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("synthesis") as batch:
        batch.add_column(sa.Column("grouping", sa.JSON(), nullable=True))
    with op.batch_alter_table("synthesis_item") as batch:
        batch.add_column(sa.Column("points", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("synthesis_item") as batch:
        batch.drop_column("points")
    with op.batch_alter_table("synthesis") as batch:
        batch.drop_column("grouping")
