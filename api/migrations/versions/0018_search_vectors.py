"""search vectors

One multilingual sentence vector per published revision (submissions.vectors), stored when it is
published, so that a public search ranks by meaning across English and French beside the full-text
index. Revisions published before are encoded by `normbook search-vectors` (the demo data is
encoded as it is loaded, through the workflow).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_vector",
        sa.Column(
            "revision_id",
            sa.Integer(),
            sa.ForeignKey("revision.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("model", sa.String(40), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("search_vector")
