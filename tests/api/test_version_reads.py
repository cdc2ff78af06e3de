"""Requests on one event loop share the public-data version's reads, and never get a stale one."""

import asyncio
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import event, text

from api.db import Database
from api.version_reads import VersionReads
from submissions import public_version
from tests.databases import migrated

T = TypeVar("T")


@pytest.fixture(scope="module")
def database() -> Iterator[Database]:
    database = migrated("version-reads")
    yield database
    database.dispose()


def run(make: Callable[[], Awaitable[T]]) -> T:
    """On a new event loop in a thread of its own (a browser test may leave this thread's loop
    running), failing rather than hanging if a waiter is never answered."""

    async def bounded() -> T:
        return await asyncio.wait_for(make(), 10)

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, bounded()).result()


def bump(database: Database) -> public_version.Version:
    """A change the public sees, committed: the triggers bump the version."""
    with database.transaction() as session:
        session.execute(text("UPDATE norm SET title_en = title_en || '' WHERE code = '13a'"))
    return public_version.current(database.reader)


def test_requests_asking_at_once_share_reads(database: Database) -> None:
    reads = VersionReads(database.reader)
    expected = public_version.current(database.reader)
    counted: list[object] = []

    def count(*_: object) -> None:
        counted.append(1)

    async def forty() -> list[public_version.Version]:
        return await asyncio.gather(*(reads.current() for _ in range(40)))

    event.listen(database.reader, "checkout", count)
    try:
        versions = run(forty)
    finally:
        event.remove(database.reader, "checkout", count)
    assert versions == [expected] * 40
    # the first asks alone; the 39 who asked while it was under way share the next read
    assert len(counted) == 2


def test_a_request_never_joins_a_read_begun_before_it_asked(database: Database) -> None:
    reads = VersionReads(database.reader)
    read_done, go_on = threading.Event(), threading.Event()

    def hold_first(*_: object) -> None:  # the first read has read, and is held before returning
        if not read_done.is_set():
            read_done.set()
            go_on.wait(10)

    event.listen(database.reader, "checkin", hold_first)

    async def scenario() -> tuple[public_version.Version, public_version.Version]:
        first = asyncio.ensure_future(reads.current())
        await asyncio.to_thread(read_done.wait, 10)
        newer = await asyncio.to_thread(bump, database)  # commits while the first read is held
        second = asyncio.ensure_future(reads.current())
        go_on.set()
        assert (await second) == newer
        return await first, newer

    try:
        first, newer = run(scenario)
    finally:
        event.remove(database.reader, "checkin", hold_first)
    assert first.value < newer.value  # the first request was given what was current when it asked


def test_every_waiter_gets_a_failed_read_and_the_next_read_runs_afresh(tmp_path: Path) -> None:
    empty = Database(f"sqlite:///{tmp_path / 'empty.db'}")  # no public_version table
    reads = VersionReads(empty.reader)

    async def three() -> list[object]:
        return await asyncio.gather(*(reads.current() for _ in range(3)), return_exceptions=True)

    try:
        outcomes = run(three)
        assert all(isinstance(outcome, sqlite3.OperationalError) for outcome in outcomes)
        assert "public_version" in str(outcomes[0])
        migrate_version_table(empty)
        assert run(reads.current).value == 1
    finally:
        empty.dispose()


def migrate_version_table(database: Database) -> None:
    with database.transaction() as session:
        session.execute(
            text(
                "CREATE TABLE public_version (id integer PRIMARY KEY, value bigint, "
                "token bigint, changed_at float)"
            )
        )
        session.execute(text("INSERT INTO public_version VALUES (1, 1, 7, 0.0)"))


def test_a_waiter_leaving_does_not_cancel_the_read_for_the_others(database: Database) -> None:
    reads = VersionReads(database.reader)
    expected = public_version.current(database.reader)

    async def scenario() -> public_version.Version:
        leaving = asyncio.ensure_future(reads.current())
        staying = asyncio.ensure_future(reads.current())
        await asyncio.sleep(0)
        leaving.cancel()
        return await staying

    assert run(scenario) == expected


def test_event_loops_in_two_threads_each_get_their_reads(database: Database) -> None:
    reads = VersionReads(database.reader)
    expected = public_version.current(database.reader)
    both = threading.Barrier(2)

    async def twenty() -> list[public_version.Version]:
        await asyncio.to_thread(both.wait, 10)  # the two loops ask at the same moment
        return await asyncio.gather(*(reads.current() for _ in range(20)))

    with ThreadPoolExecutor(2) as threads:
        answers = [threads.submit(run, twenty) for _ in range(2)]
        assert [answer.result(20) for answer in answers] == [[expected] * 20] * 2
