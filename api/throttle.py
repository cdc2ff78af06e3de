"""Slow down password guessing, for every process and instance on one database.

Two counters guard each login, shared by the web and the API: one per account and one per client
address. A guess is counted before the password is checked, in the request's transaction (on
PostgreSQL the upsert locks the row, so concurrent guesses at one key queue), and a success gives
the address its guess back and clears the account. Keys are digests, so a row has a fixed size;
rows whose window has passed are deleted as new failures arrive, and a client can only create
rows for as many accounts as its address counter lets it guess: the table stays bounded.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Index, case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, Session, SQLModel, col

from api.settings import Settings
from norms.models import utcnow


class LoginThrottle(SQLModel, table=True):
    __tablename__ = "login_throttle"
    __table_args__ = (Index("ix_login_throttle_window_start", "window_start"),)

    key: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    window_start: datetime = Field(default_factory=utcnow)


@dataclass(frozen=True)
class Limits:
    account: int
    address: int
    window_seconds: int


def limits(settings: Settings) -> Limits:
    return Limits(
        settings.login_attempts, settings.login_address_attempts, settings.login_window_seconds
    )


@dataclass(frozen=True)
class Guess:
    """One login attempt's two keys."""

    account: str
    address: str


def guess(address: str, username: str) -> Guess:
    def digest(kind: str, value: str) -> str:
        return hashlib.sha256(f"{kind}\x00{value}".encode("utf-8", "replace")).hexdigest()

    return Guess(digest("account", username.strip().lower()), digest("address", address))


def _count(session: Session, key: str, now: datetime, window: timedelta) -> LoginThrottle:
    """Add one to the key's counter (a new window if the last one has passed), and return it."""
    table = LoginThrottle.__table__  # type: ignore[attr-defined]
    expired = table.c.window_start <= now - window
    values = {"key": key, "failures": 1, "window_start": now}
    insert = (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert
    statement = insert(table).values(values)
    statement = statement.on_conflict_do_update(
        index_elements=["key"],
        set_={
            "failures": case((expired, 1), else_=table.c.failures + 1),
            "window_start": case((expired, now), else_=table.c.window_start),
        },
    )
    session.execute(statement)
    row = session.execute(select(table).where(table.c.key == key)).one()
    return LoginThrottle(key=row.key, failures=row.failures, window_start=row.window_start)


def attempt(session: Session, keys: Guess, limits: Limits) -> int:
    """Count a guess; the seconds to wait if it is over a limit (then refuse it), else 0."""
    now = utcnow()
    window = timedelta(seconds=limits.window_seconds)
    session.execute(delete(LoginThrottle).where(col(LoginThrottle.window_start) <= now - window))
    # The address first: a refused address counts no account, so it cannot fill the table.
    for key, limit in ((keys.address, limits.address), (keys.account, limits.account)):
        row = _count(session, key, now, window)
        if row.failures > limit:
            return int((row.window_start + window - now).total_seconds()) + 1
    return 0


def succeeded(session: Session, keys: Guess) -> None:
    """The right password: forget the account's failures and give the address its guess back."""
    session.execute(delete(LoginThrottle).where(col(LoginThrottle.key) == keys.account))
    session.execute(
        update(LoginThrottle)
        .where(col(LoginThrottle.key) == keys.address)
        .values(failures=col(LoginThrottle.failures) - 1)
    )


def clear(session: Session, keys: Guess) -> None:
    session.execute(
        delete(LoginThrottle).where(col(LoginThrottle.key).in_([keys.account, keys.address]))
    )
