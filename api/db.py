"""Engines and sessions. SQLite runs in WAL mode; writes take the lock up front."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import orjson
from sqlalchemy import Connection, Engine, event
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session, create_engine


def _sqlite_path(url: str) -> Path | None:
    prefix = "sqlite:///"
    return (
        Path(url[len(prefix) :]) if url.startswith(prefix) and url != "sqlite:///:memory:" else None
    )


def normalise_url(url: str) -> str:
    """psycopg 3 for PostgreSQL whatever the URL's driver says."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _json_text(value: object) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


# JSON columns through orjson: a report decodes every practice's stored points, and the standard
# library's decoder took twice as long.
_JSON = {"json_serializer": _json_text, "json_deserializer": orjson.loads}


@dataclass(frozen=True)
class Pool:
    """Connections an engine keeps (`size`), may open beyond them (`overflow`), and how long a
    caller waits for one (`timeout`) before SQLAlchemy raises its TimeoutError."""

    size: int = 10
    overflow: int = 10
    timeout: float = 10.0


def make_engine(url: str, immediate: bool = False, pool: Pool = Pool()) -> Engine:
    url = normalise_url(url)
    path = _sqlite_path(url)
    sizes = {"pool_size": pool.size, "max_overflow": pool.overflow, "pool_timeout": pool.timeout}
    if path is None and not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, **sizes, **_JSON)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        sizes = {}  # an in-memory database keeps its single connection
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30}, **sizes, **_JSON
    )
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy, not pysqlite, begin transactions
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql(begin)

    return engine


class Database:
    """A reader engine and a writer engine on one database (the same on PostgreSQL)."""

    def __init__(self, url: str, pool: Pool = Pool()) -> None:
        self.url = normalise_url(url)
        self.pool = pool
        self.reader = make_engine(self.url, pool=pool)
        self.writer = (
            make_engine(self.url, immediate=True, pool=pool) if self.is_sqlite else self.reader
        )

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def session(self, write: bool = True) -> Session:
        return Session(self.writer if write else self.reader, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any exception."""
        with self.session() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.reader.dispose()
        if self.writer is not self.reader:
            self.writer.dispose()


@lru_cache
def get_database(url: str, pool: Pool = Pool()) -> Database:
    return Database(url, pool)
