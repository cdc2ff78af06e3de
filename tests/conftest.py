"""Shared fixtures: a migrated database per test run, a rolled-back session per test, clients, actors."""

import atexit
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlmodel import Session

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
# The URL the run was started with, kept before this module overwrites DATABASE_URL: xdist workers
# inherit the controller's environment and must derive their own database from the original.
_ORIGINAL = os.environ.setdefault("NORMBOOK_TEST_BASE_URL", os.environ.get("DATABASE_URL", ""))
_BASE_URL = _ORIGINAL or f"sqlite:///{tempfile.mkdtemp(prefix='normbook-test-')}/test.db"


def _private_url(url: str) -> str:
    """Each test process gets its own PostgreSQL database, created fresh and dropped at exit,
    so that parallel workers and parallel runs never share tables."""
    if url.startswith("sqlite"):
        return url
    base, _, name = url.rpartition("/")
    private = f"{name}_{_WORKER}_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{private}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{private}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{private}" WITH (FORCE)'))
        admin.dispose()

    atexit.register(drop)
    return f"{base}/{private}"


DATABASE_URL = _private_url(_BASE_URL.replace("postgresql://", "postgresql+psycopg://", 1))
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["NORMBOOK_DATABASE_URL"] = DATABASE_URL
os.environ["NORMBOOK_SECRET_KEY"] = "test-secret-key-not-for-production"
os.environ["NORMBOOK_REPORT_CACHE"] = tempfile.mkdtemp(prefix="normbook-test-reports-")
# No worker in the suite: a job runs in the transaction that first needs it (tests/api/test_jobs.py
# runs a real queue and worker).
os.environ.setdefault("NORMBOOK_QUEUE", "inline")
os.environ.pop("NORMBOOK_DEMO", None)

from starlette.concurrency import run_in_threadpool  # noqa: E402

from api import accounts, migrate  # noqa: E402
from api.app import create_app  # noqa: E402
from api.db import Database  # noqa: E402
from api.deps import get_session, public_version_reader  # noqa: E402
from api.settings import get_settings  # noqa: E402
from norms import catalogue  # noqa: E402
from submissions import public_version  # noqa: E402
from submissions.access import Actor  # noqa: E402
from web.pages import opendata  # noqa: E402

PASSWORD = "correct horse battery"


def reset(database: Database) -> None:
    if database.is_sqlite:
        with database.writer.begin() as connection:
            tables = (
                connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
                .scalars()
                .all()
            )
        for name in tables:
            if not name.startswith("sqlite_") and "_fts_" not in name:
                with database.writer.begin() as connection:
                    connection.execute(text(f'DROP TABLE IF EXISTS "{name}"'))
        return
    with database.writer.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def database() -> Iterator[Database]:
    get_settings.cache_clear()
    db = Database(DATABASE_URL)
    reset(db)
    migrate.upgrade(db.writer)
    with db.transaction() as session:
        catalogue.load(session)
    yield db
    db.dispose()


@dataclass(frozen=True)
class Account:
    email: str
    actor: Actor
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture(scope="session")
def accounts_by_key(database: Database) -> dict[str, Account]:
    """Users created once and committed: the presidency and a few delegations."""
    made: dict[str, Account] = {}
    with database.transaction() as session:
        for key, role, participant in [
            ("presidency", "presidency", "FRA"),
            ("FRA", "delegation", "FRA"),
            ("DEU", "delegation", "DEU"),
            ("JPN", "delegation", "JPN"),
            ("EU", "delegation", "EU"),
        ]:
            email = f"{key.lower()}@test.normbook.org"
            user = accounts.create_user(session, email, PASSWORD, role, participant)
            token, _ = accounts.issue_token(session, user, 60 * 24)
            made[key] = Account(email, accounts.actor_for(user), token)
    return made


@pytest.fixture
def session(database: Database, accounts_by_key: dict[str, Account]) -> Iterator[Session]:
    """A session whose work is rolled back after the test, commits included."""
    connection = database.writer.connect()
    transaction = connection.begin()
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield session
    session.close()
    transaction.rollback()
    connection.close()


@pytest.fixture
def app(session: Session):  # type: ignore[no-untyped-def]
    application = create_app(get_settings())

    def test_session() -> Iterator[Session]:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

    application.dependency_overrides[get_session] = test_session

    # the public-data version as this session sees it, uncommitted bumps included
    async def read_in_session() -> public_version.Version:
        return await run_in_threadpool(public_version.read, session)

    application.dependency_overrides[public_version_reader] = lambda: read_in_session
    # the exports read their batches in the test's session too (it holds the uncommitted data)
    application.dependency_overrides[opendata.batch_sessions] = lambda: lambda: nullcontext(session)
    return application


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


@pytest.fixture
def delegation(accounts_by_key: dict[str, Account]) -> Callable[[str], Account]:
    return lambda code: accounts_by_key[code]


@pytest.fixture
def presidency(accounts_by_key: dict[str, Account]) -> Callable[[], Account]:
    return lambda: accounts_by_key["presidency"]
