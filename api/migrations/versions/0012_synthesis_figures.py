"""synthesis figures

A synthesis's figures (practices, norms, named participants, practices shared without attribution)
are shown on the home page and the list of syntheses. They were counted on every request from the
synthesis's frozen revisions: about a second at 100,000 practices. A snapshot never changes, so
they are counted once, when it is made, and kept with it; this counts those of the syntheses made
before.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

synthesis = sa.table(
    "synthesis",
    sa.column("id", sa.Integer()),
    sa.column("options", sa.JSON()),
    sa.column("figures", sa.JSON()),
)
item = sa.table(
    "synthesis_item",
    *(sa.column(name, sa.Integer()) for name in ("synthesis_id", "submission_id", "revision_id")),
)
revision_table = sa.table(
    "revision",
    sa.column("id", sa.Integer()),
    sa.column("norms", sa.JSON()),
    sa.column("attribution", sa.String()),
)
submission = sa.table(
    "submission", sa.column("id", sa.Integer()), sa.column("participant_code", sa.String())
)


def upgrade() -> None:
    with op.batch_alter_table("synthesis", recreate="never") as batch:
        batch.add_column(sa.Column("figures", sa.JSON(), nullable=True))
    bind = op.get_bind()
    for synthesis_id, options in bind.execute(sa.select(synthesis.c.id, synthesis.c.options)):
        query = (
            sa.select(
                submission.c.participant_code,
                revision_table.c.norms,
                revision_table.c.attribution,
            )
            .select_from(item)
            .join(revision_table, revision_table.c.id == item.c.revision_id)
            .join(submission, submission.c.id == item.c.submission_id)
            .where(item.c.synthesis_id == synthesis_id)
        )
        practices, unattributed = 0, 0
        served: set[str] = set()
        named: set[str] = set()
        for participant, norms, attribution in bind.execute(query):
            practices += 1
            served.update(norms or [])
            if attribution == "anonymised":
                unattributed += 1
            else:
                named.add(participant)
        wanted = (options or {}).get("norms")
        figures = {
            "practices": practices,
            "norms": len(served if wanted is None else served.intersection(wanted)),
            "participants": len(named),
            "unattributed": unattributed,
        }
        bind.execute(
            synthesis.update().where(synthesis.c.id == synthesis_id).values(figures=figures)
        )


def downgrade() -> None:
    with op.batch_alter_table("synthesis", recreate="never") as batch:
        batch.drop_column("figures")
