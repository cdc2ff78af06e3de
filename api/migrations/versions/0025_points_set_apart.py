"""points set apart

The points of a consolidated group too far from its central point for their participants to be
credited with its words (`synthesis_grouping.apart`, keys per section): a report prints them in
their own words. Null for syntheses made before: every point is credited, as their reports were.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("synthesis_grouping", recreate="never") as batch:
        batch.add_column(sa.Column("apart", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("synthesis_grouping", recreate="never") as batch:
        batch.drop_column("apart")
