"""Fresh, committed databases for tests that need real transactions, a real server or an empty schema."""

import atexit
import tempfile
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import create_engine, text

from api import accounts, migrate
from api.db import Database
from norms import catalogue
from submissions.models import Cycle, Status
from tests.conftest import DATABASE_URL, PASSWORD
from tests.factories import make_submission


def is_postgres() -> bool:
    return not DATABASE_URL.startswith("sqlite")


def fresh_url(name: str) -> str:
    """A new, empty database: a SQLite file in a new directory, or a PostgreSQL database `<test db>_<name>`."""
    if not is_postgres():
        return f"sqlite:///{tempfile.mkdtemp(prefix='normbook-')}/{name}.db"
    base, _, database = DATABASE_URL.rpartition("/")
    target = f"{database}_{name}"
    _admin(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)', f'CREATE DATABASE "{target}"')
    # Before the process's own database (atexit runs last first), which this one connects through.
    atexit.register(_admin, f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    return f"{base}/{target}"


def _admin(*statements: str) -> None:
    admin = create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    admin.dispose()


def migrated(name: str) -> Database:
    """A fresh database with the schema and the norm catalogue."""
    database = Database(fresh_url(name))
    migrate.upgrade(database.writer)
    with database.transaction() as session:
        catalogue.load(session)
    return database


@dataclass
class Seeded:
    """What `seed` committed: bearer tokens by role, and submission ids by (participant, status)."""

    tokens: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, int] = field(default_factory=dict)
    submissions: dict[tuple[str, Status], int] = field(default_factory=dict)

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role in self.tokens else {}


def seed(database: Database) -> Seeded:
    """The presidency, two delegations, a cycle, and one practice of each delegation in every status."""
    seeded = Seeded()
    with database.transaction() as session:
        for key, role, participant in [
            ("presidency", "presidency", "FRA"),
            ("FRA", "delegation", "FRA"),
            ("DEU", "delegation", "DEU"),
            ("spare", "delegation", "JPN"),
        ]:
            email = f"{key.lower()}@seed.normbook.org"
            user = accounts.create_user(session, email, PASSWORD, role, participant)
            seeded.tokens[key], _ = accounts.issue_token(session, user, 60 * 24)
            seeded.emails[key] = email
            seeded.user_ids[key] = user.id or 0
        session.add(
            Cycle(
                code="fr-2026",
                title_en="French presidency 2026",
                title_fr="Présidence française 2026",
                presiding_code="FRA",
                opens_on=date(2026, 1, 1),
                closes_on=date(2026, 12, 31),
            )
        )
        for participant in ("FRA", "DEU"):
            for status in Status:
                submission = make_submission(session, participant, status)
                assert submission.id is not None
                seeded.submissions[participant, status] = submission.id
    return seeded
