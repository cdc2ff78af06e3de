"""notifications

Delegations and the presidency are told when a practice is submitted, returned or published: by
e-mail in the language they last logged in with (app_user.lang), and in an in-app list
(notification).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as table:
        table.add_column(sa.Column("lang", sa.String(2), nullable=False, server_default="en"))
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("event", sa.String(20), nullable=False),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("read_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    )
    op.create_index("ix_notification_user", "notification", ["user_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_notification_user", table_name="notification")
    op.drop_table("notification")
    with op.batch_alter_table("app_user") as table:
        table.drop_column("lang")
