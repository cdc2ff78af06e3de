"""revision cycle

The cycle a revision was written for, kept on the revision: the public reads the published
revision's, so a delegation moving its draft to another cycle no longer moves the published
practice. Existing revisions take their practice's cycle (the only one recorded).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not in batch mode: on SQLite that would rebuild the revision table and lose its search
    # triggers. SQLite cannot add a foreign key to an existing table, nor drop a column that has
    # one, so the reference is declared on PostgreSQL only.
    is_sqlite = op.get_bind().dialect.name == "sqlite"
    reference = () if is_sqlite else (sa.ForeignKey("cycle.id", name="fk_revision_cycle_id"),)
    op.add_column("revision", sa.Column("cycle_id", sa.Integer(), *reference, nullable=True))
    op.create_index("ix_revision_cycle_id", "revision", ["cycle_id"])
    op.execute(
        "UPDATE revision SET cycle_id = "
        "(SELECT submission.cycle_id FROM submission WHERE submission.id = revision.submission_id)"
    )


def downgrade() -> None:
    op.drop_index("ix_revision_cycle_id", table_name="revision")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE revision DROP COLUMN cycle_id")
    else:
        op.drop_column("revision", "cycle_id")
