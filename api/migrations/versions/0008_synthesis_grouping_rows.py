"""synthesis grouping rows

A synthesis's consolidation was one JSON value holding every chapter section's groups of point
keys (tens of megabytes at 100,000 practices), read whole with the synthesis row. It moves to
synthesis_grouping, one row per (synthesis, norm, section), so a report reads one chapter's at a
time; `has_grouping` says whether a synthesis kept one (those made before 0005 did not).

Columns are added and dropped in place (SQLite 3.35 and later): copying the synthesis table, as
batch mode otherwise would, fails on the foreign keys of the rows that refer to it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

synthesis = sa.table(
    "synthesis",
    sa.column("id", sa.Integer()),
    sa.column("grouping", sa.JSON()),
    sa.column("has_grouping", sa.Boolean()),
)
rows = sa.table(
    "synthesis_grouping",
    sa.column("synthesis_id", sa.Integer()),
    sa.column("norm", sa.String()),
    sa.column("section", sa.String()),
    sa.column("size", sa.Integer()),
    sa.column("groups", sa.JSON()),
)


def upgrade() -> None:
    op.create_table(
        "synthesis_grouping",
        sa.Column("synthesis_id", sa.Integer(), nullable=False),
        sa.Column("norm", sa.String(length=10), nullable=False),
        sa.Column("section", sa.String(length=20), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("groups", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["synthesis_id"], ["synthesis.id"]),
        sa.PrimaryKeyConstraint("synthesis_id", "norm", "section"),
    )
    with op.batch_alter_table("synthesis", recreate="never") as batch:
        batch.add_column(
            sa.Column("has_grouping", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    bind = op.get_bind()
    for (synthesis_id,) in bind.execute(sa.select(synthesis.c.id)).all():
        # One synthesis's grouping at a time: each can be tens of megabytes.
        found = bind.execute(
            sa.select(synthesis.c.grouping).where(synthesis.c.id == synthesis_id)
        ).scalar()
        if found is None:
            continue
        values = []
        for key, groups in found.items():
            norm, _, section = key.rpartition("/")
            values.append(
                {
                    "synthesis_id": synthesis_id,
                    "norm": norm,
                    "section": section,
                    "size": len(groups),
                    "groups": groups,
                }
            )
        if values:
            bind.execute(rows.insert(), values)
        bind.execute(
            synthesis.update().where(synthesis.c.id == synthesis_id).values(has_grouping=True)
        )
    with op.batch_alter_table("synthesis", recreate="never") as batch:
        batch.drop_column("grouping")


def downgrade() -> None:
    with op.batch_alter_table("synthesis", recreate="never") as batch:
        batch.add_column(sa.Column("grouping", sa.JSON(), nullable=True))
    bind = op.get_bind()
    kept = sa.select(synthesis.c.id).where(synthesis.c.has_grouping == sa.true())
    for (synthesis_id,) in bind.execute(kept).all():
        query = (
            sa.select(rows.c.norm, rows.c.section, rows.c.groups)
            .where(rows.c.synthesis_id == synthesis_id)
            .order_by(rows.c.section, rows.c.norm)
        )
        grouping = {f"{norm}/{section}": groups for norm, section, groups in bind.execute(query)}
        bind.execute(
            synthesis.update().where(synthesis.c.id == synthesis_id).values(grouping=grouping)
        )
    with op.batch_alter_table("synthesis", recreate="never") as batch:
        batch.drop_column("has_grouping")
    op.drop_table("synthesis_grouping")
