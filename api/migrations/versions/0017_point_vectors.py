"""point vectors

The multilingual sentence vector of each point of a published revision, computed when it is
published and read by the synthesis to consolidate points by meaning across English and French.
Revisions published before are given theirs by `normbook db upgrade` (`point_vectors.backfill`),
not here: encoding needs the model, which a migration should not load.

A synthesis's stored grouping also keeps, per group, the key of its most central point (closest
in meaning to the others): `synthesis_grouping.central`, parallel to `groups` (null for the
syntheses made before, whose groups fall back to their first point).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "point_vectors",
        sa.Column(
            "revision_id",
            sa.Integer(),
            sa.ForeignKey("revision.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("model", sa.String(length=40), nullable=False),
        sa.Column("best_practices", sa.LargeBinary(), nullable=False),
        sa.Column("lessons_learned", sa.LargeBinary(), nullable=False),
    )
    op.add_column("synthesis_grouping", sa.Column("central", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("synthesis_grouping", "central")
    op.drop_table("point_vectors")
