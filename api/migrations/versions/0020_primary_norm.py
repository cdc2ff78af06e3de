"""revision primary norm

A delegation may name, among its practice's norms, the one it serves first: a synthesis places the
practice's points in that norm's chapter rather than in every chapter of its norms.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("revision", recreate="never") as batch:
        batch.add_column(sa.Column("primary_norm", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("revision", recreate="never") as batch:
        batch.drop_column("primary_norm")
