"""public-data version

One row, `public_version`: a counter the database bumps in the same transaction as any write to a
table whose rows the public may see, whatever code or tool writes (the app, the CLI, imports, bulk
SQL). Everything a process keeps for the public is keyed on it (`submissions/public_version.py`).
The bump takes the row's lock until commit, so versions follow the order in which changes commit.
`token` is drawn afresh at each bump: a version some transaction saw and then rolled back is never
seen again with the same token. SQLite bumps once per row written (it has no statement triggers);
PostgreSQL once per statement, before its first row, so the row lock is taken first. A synthesis
bumps it only when published, or when a published one changes: drafts are the presidency's.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05
"""

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

# What the public sees, directly or through search; draft practices live in the same tables and
# bump too. A synthesis is seen once published (`PUBLISHED`), and its items never change after.
TABLES = (
    "framework",
    "norm",
    "theme",
    "norm_theme",
    "participant",
    "cycle",
    "submission",
    "revision",
    "revision_norm",
    "revision_theme",
    "revision_translation",
    "search_vector",
)
POSTGRESQL_ONLY = ("public_search",)  # SQLite's public_fts is a virtual table: no triggers
PUBLISHED = {
    "insert": "NEW.status = 'published'",
    "update": "OLD.status = 'published' OR NEW.status = 'published'",
    "delete": "OLD.status = 'published'",
}

SQLITE_BUMP = (
    "UPDATE public_version SET value = value + 1, token = random(), "
    "changed_at = (julianday('now') - 2440587.5) * 86400.0"
)
POSTGRESQL_BUMP = (
    "UPDATE public_version SET value = value + 1, token = floor(random() * 4e18)::bigint, "
    "changed_at = extract(epoch from clock_timestamp())"
)


def upgrade() -> None:
    op.execute(
        "CREATE TABLE public_version (id integer PRIMARY KEY CHECK (id = 1), "
        "value bigint NOT NULL, token bigint NOT NULL, changed_at float NOT NULL)"
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "INSERT INTO public_version VALUES (1, 1, 0, (julianday('now') - 2440587.5) * 86400.0)"
        )
        for table in TABLES:
            for verb in ("insert", "update", "delete"):
                op.execute(
                    f"CREATE TRIGGER public_version_{table}_{verb} AFTER {verb.upper()} ON {table} "
                    f"BEGIN {SQLITE_BUMP}; END"
                )
        for verb, published in PUBLISHED.items():
            op.execute(
                f"CREATE TRIGGER public_version_synthesis_{verb} AFTER {verb.upper()} ON synthesis "
                f"WHEN {published} BEGIN {SQLITE_BUMP}; END"
            )
        return
    op.execute("INSERT INTO public_version VALUES (1, 1, 0, extract(epoch from clock_timestamp()))")
    op.execute(
        "CREATE FUNCTION bump_public_version() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {POSTGRESQL_BUMP}; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$"
    )
    for table in TABLES + POSTGRESQL_ONLY:
        op.execute(
            f"CREATE TRIGGER public_version_bump BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_public_version()"
        )
    for verb, published in PUBLISHED.items():  # a few rows: a row trigger may look at them
        op.execute(
            f"CREATE TRIGGER public_version_bump_{verb} BEFORE {verb.upper()} ON synthesis "
            f"FOR EACH ROW WHEN ({published}) EXECUTE FUNCTION bump_public_version()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for verb in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS public_version_{table}_{verb}")
        for verb in PUBLISHED:
            op.execute(f"DROP TRIGGER IF EXISTS public_version_synthesis_{verb}")
    else:
        for table in TABLES + POSTGRESQL_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS public_version_bump ON {table}")
        for verb in PUBLISHED:
            op.execute(f"DROP TRIGGER IF EXISTS public_version_bump_{verb} ON synthesis")
        op.execute("DROP FUNCTION IF EXISTS bump_public_version()")
    op.execute("DROP TABLE public_version")
