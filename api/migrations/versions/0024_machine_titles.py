"""machine titles

Whether the title a synthesis item keeps in the other language (`synthesis_item.other_title`) is a
provider's draft: a report marks it as one, as it marks a drafted point.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # "0" rather than an expression: SQLite then adds the column in place, without copying the
    # table (every synthesis's points and translations).
    with op.batch_alter_table("synthesis_item", recreate="never") as batch:
        batch.add_column(
            sa.Column("other_title_machine", sa.Boolean(), nullable=False, server_default="0")
        )
    # The frozen translation says who wrote its title: {"title": [text, "machine" | "human"]}.
    if op.get_bind().dialect.name == "sqlite":
        origin = "json_extract(translation, '$.title[1]')"
    else:  # PostgreSQL's json column
        origin = "translation -> 'title' ->> 1"
    op.execute(
        "UPDATE synthesis_item SET other_title_machine = TRUE "
        f"WHERE translation IS NOT NULL AND {origin} = 'machine'"
    )


def downgrade() -> None:
    with op.batch_alter_table("synthesis_item", recreate="never") as batch:
        batch.drop_column("other_title_machine")
