"""login throttle

Failed logins counted in the database, per account and per client address, so that every process
and instance serving one database shares the counters (they were kept in each process's memory).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_login_throttle_window_start", "login_throttle", ["window_start"])


def downgrade() -> None:
    op.drop_index("ix_login_throttle_window_start", table_name="login_throttle")
    op.drop_table("login_throttle")
