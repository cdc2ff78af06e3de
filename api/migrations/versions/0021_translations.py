"""translations

A revision may carry its texts in the other language (`revision_translation`), each marked as
written by a person or drafted by a translation provider; a synthesis freezes them with its items
(`synthesis_item.translation`, and `machine`, how many are drafts) and has a French title.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05
"""

from typing import Any

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text: dict[str, Any] = {"nullable": False, "server_default": ""}
    op.create_table(
        "revision_translation",
        sa.Column("revision_id", sa.Integer(), sa.ForeignKey("revision.id"), primary_key=True),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("title", sa.String(300), **text),
        *(
            sa.Column(name, sa.Text(), **text)
            for name in (
                "summary",
                "body",
                "lessons_learned",
                "best_practices",
                "body_html",
                "lessons_learned_html",
                "best_practices_html",
            )
        ),
        sa.Column("origin", sa.JSON(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    with op.batch_alter_table("synthesis_item", recreate="never") as batch:
        batch.add_column(sa.Column("translation", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("other_title", sa.String(300), nullable=True))
        batch.add_column(sa.Column("machine", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("synthesis", recreate="never") as batch:
        batch.add_column(sa.Column("title_fr", sa.String(300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("synthesis", recreate="never") as batch:
        batch.drop_column("title_fr")
    with op.batch_alter_table("synthesis_item", recreate="never") as batch:
        batch.drop_column("machine")
        batch.drop_column("other_title")
        batch.drop_column("translation")
    op.drop_table("revision_translation")
