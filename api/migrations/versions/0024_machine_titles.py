"""machine titles

Whether the title a synthesis item keeps in the other language (`synthesis_item.other_title`) is a
provider's draft: a report marks it as one, as it marks a drafted point.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("synthesis_item") as batch:
        batch.add_column(
            sa.Column(
                "other_title_machine", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    # The frozen translation says who wrote its title: ["text", "machine" | "human"].
    items = sa.table(
        "synthesis_item",
        sa.column("synthesis_id", sa.Integer()),
        sa.column("submission_id", sa.Integer()),
        sa.column("translation", sa.Text()),
        sa.column("other_title_machine", sa.Boolean()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(items.c.synthesis_id, items.c.submission_id, items.c.translation).where(
            items.c.translation.is_not(None)
        )
    )
    drafted = [
        {"s": synthesis_id, "p": submission_id}
        for synthesis_id, submission_id, translation in rows
        if _title_origin(translation) == "machine"
    ]
    if drafted:
        bind.execute(
            items.update()
            .where(
                items.c.synthesis_id == sa.bindparam("s"),
                items.c.submission_id == sa.bindparam("p"),
            )
            .values(other_title_machine=True),
            drafted,
        )


def _title_origin(translation: object) -> str | None:
    kept = json.loads(translation) if isinstance(translation, str) else translation
    if not isinstance(kept, dict) or not isinstance(kept.get("title"), list):
        return None
    title = kept["title"]
    return title[1] if len(title) > 1 else None


def downgrade() -> None:
    with op.batch_alter_table("synthesis_item") as batch:
        batch.drop_column("other_title_machine")
