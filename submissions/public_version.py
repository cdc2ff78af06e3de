"""The public-data version, and what a process keeps for the public under it.

The database bumps `public_version` in the same transaction as any write the public could see
(triggers of migration 0023, so the CLI, imports and bulk SQL bump it too). Everything kept here is
keyed on the version read at the start of the request that computed it: a change commits a new
version, and the next request misses. Read the version before the data it keys.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from threading import BoundedSemaphore, Lock, local
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Column, Engine, Float, Integer, MetaData, Table, event, select
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

T = TypeVar("T")

table = Table(
    "public_version",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("value", Integer),
    Column("token", Integer),
    Column("changed_at", Float),
)
_READ = select(table.c.value, table.c.token, table.c.changed_at).where(table.c.id == 1)


class Version(NamedTuple):
    value: int
    token: int  # drawn at each bump: a rolled-back version is never seen again with this token
    changed_at: float  # seconds since the epoch

    @property
    def key(self) -> str:
        return f"{self.value}.{self.token}"

    @property
    def modified(self) -> datetime:
        return datetime.fromtimestamp(self.changed_at, UTC)


def read(session: Session) -> Version:
    """The current version: one read of a one-row table, after what the session holds is written.

    Read once per transaction: kept in the session until it flushes, runs a statement other than
    a SELECT, commits or rolls back (a write through `session.connection()` is not seen).
    """
    session.flush()
    version = session.info.get(_INFO)
    if version is None:
        version = session.info[_INFO] = _version(session.connection().execute(_READ).one())
    return version


_INFO = "public_version"
_TEXT = str(_READ.compile(compile_kwargs={"literal_binds": True}))  # SQLite's and PostgreSQL's


def current(engine: Engine) -> Version:
    """The current version in one statement on a pooled connection of its own, outside any
    session: what a request whose whole answer is kept reads, and nothing else (one trip to the
    database, where a session takes three: its BEGIN, this read and its COMMIT)."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(_TEXT)
        row = cursor.fetchone()
        cursor.close()
    finally:
        connection.close()  # back to the pool, which rolls back whatever the read began
    if row is None:
        raise LookupError("public_version has no row: run `normbook db upgrade`")
    return _version(row)


def _version(row: Sequence[Any]) -> Version:
    value, token, changed_at = row
    return Version(int(value), int(token), float(changed_at))


def _forget(session: OrmSession, *_: object) -> None:
    session.info.pop(_INFO, None)


for _name in ("after_flush", "after_transaction_end", "after_soft_rollback"):
    event.listen(OrmSession, _name, _forget)


@event.listens_for(OrmSession, "do_orm_execute")
def _forget_at_writes(state: ORMExecuteState) -> None:
    """A statement the session runs that may write (`text` included) reads the version afresh."""
    if not state.is_select:
        _forget(state.session)


# What is kept, by shelf, with how many entries each may hold (sizes measured in bench/README.md).
LIMITS = {
    "practice json": 4000,  # about 10 kB each
    "practice card": 8000,  # under 1 kB each
    "practice page": 2000,
    "page html": 128,  # whole anonymous pages (web.caching), 20 to 150 kB each
    "aggregate": 512,  # totals, facets, coverage, catalogue reads, page fragments
    "names": 16,
    "ranking": 256,  # a search's fused ids, a few hundred each
    "extracts": 256,  # a search page's highlighted extracts, about 5 kB each
    "page": 512,  # a public list's page of key rows, about 20 kB each at 50 a page
    "answer": 512,  # a public list's whole answer but its practices' JSON: ids, ETag, end
}


class _Shelf:
    """Least recently used first out; only the newest version seen is kept."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.version: str | None = None
        self.entries: OrderedDict[Hashable, object] = OrderedDict()


_shelves = {name: _Shelf(limit) for name, limit in LIMITS.items()}
_lock = Lock()


def known(version: Version, shelf: str, key: Hashable) -> object | None:
    """What was kept on `shelf` under `key` at this version, if anything."""
    kept = _shelves[shelf]
    with _lock:
        if kept.version != version.key:
            return None
        value = kept.entries.get(key)
        if value is not None:
            kept.entries.move_to_end(key)
        return value


def known_many(version: Version, shelf: str, keys: Iterable[Hashable]) -> dict[Hashable, object]:
    """What was kept on `shelf` under each of `keys` at this version (those found only), taking
    the lock once for a whole page."""
    kept = _shelves[shelf]
    found: dict[Hashable, object] = {}
    with _lock:
        if kept.version != version.key:
            return found
        for key in keys:
            value = kept.entries.get(key)
            if value is not None:
                kept.entries.move_to_end(key)
                found[key] = value
    return found


def store(version: Version, shelf: str, key: Hashable, value: object) -> None:
    kept = _shelves[shelf]
    with _lock:
        if kept.version != version.key:  # another version: what the shelf held is of no more use
            kept.version = version.key
            kept.entries.clear()
        kept.entries[key] = value
        kept.entries.move_to_end(key)
        while len(kept.entries) > kept.limit:
            kept.entries.popitem(last=False)


def remember(version: Version, shelf: str, key: Hashable, compute: Callable[[], T]) -> T:
    """What was kept, else computed and kept: by one thread, the others asking meanwhile wait for
    it (32 requests arriving together at a new version would otherwise each compute the same
    aggregate, holding 32 copies at once)."""
    value = known(version, shelf, key)
    if value is not None:
        return value  # type: ignore[return-value]
    computing = (version.key, shelf, key)
    with _room(shelf):
        with _lock:
            turn = _computing.setdefault(computing, Lock())
        return _compute(version, shelf, key, compute, turn, computing)


def _compute(
    version: Version,
    shelf: str,
    key: Hashable,
    compute: Callable[[], T],
    turn: Lock,
    computing: Hashable,
) -> T:
    with turn:
        value = known(version, shelf, key)
        if value is None:
            try:
                value = compute()
                store(version, shelf, key, value)
            finally:
                with _lock:
                    _computing.pop(computing, None)
    return value  # type: ignore[return-value]


_computing: dict[Hashable, Lock] = {}
# Aggregates computed at once by a process: a list's facets and totals at 100,000 practices take
# about 20 MB while they are computed, and the eleven norms' lists asked together at a new version
# took a worker from 140 to 410 MB (bench/README.md, "memory of a serving process").
AT_ONCE = {"aggregate": 2}
_rooms = {shelf: BoundedSemaphore(count) for shelf, count in AT_ONCE.items()}
_inside = local()  # an aggregate computed within another takes no second place (no deadlock)


@contextmanager
def _room(shelf: str) -> Iterator[None]:
    room = _rooms.get(shelf)
    if room is None or getattr(_inside, "held", False):
        yield
        return
    with room:
        _inside.held = True
        try:
            yield
        finally:
            _inside.held = False


def clear() -> None:
    """Forget everything kept (tests compare a kept render with an uncached one)."""
    with _lock:
        for kept in _shelves.values():
            kept.version = None
            kept.entries.clear()
