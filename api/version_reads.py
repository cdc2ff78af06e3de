"""The public-data version as the requests of one event loop read it: the requests that ask while
a read is under way share the next one.

Under load most anonymous reads are answered from what is kept, and the version's read is all they
ask of the database: each in a thread of its own, they took turns at the interpreter in whatever
order the threads woke, and a request could wait behind every other one. Shared, the read is one
thread's turn for all who asked, and they resume in the order they asked.

A read takes no place (`api.admission`): at most one connection a worker, from the pool's overflow
when every place is taken.
"""

import asyncio
import threading
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from submissions import public_version
from submissions.public_version import Version


class VersionReads:
    """Reads of `public_version.current` on one engine. A request is given a read that begins
    after it asked, never one already under way: it sees every change committed before it came."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # A thread runs one event loop at a time; tests run several loops in several threads.
        self._local = threading.local()

    async def current(self) -> Version:
        loop = asyncio.get_running_loop()
        reads = self._reads(loop)
        future = reads.next
        if future is None:
            future = reads.next = loop.create_future()
            future.add_done_callback(_retrieved)
            if not reads.is_reading:
                self._begin(reads)
        return await asyncio.shield(future)

    def _reads(self, loop: asyncio.AbstractEventLoop) -> "_Reads":
        reads: _Reads | None = getattr(self._local, "reads", None)
        if reads is None or reads.loop is not loop:  # a new loop: the old one's reads are gone
            reads = self._local.reads = _Reads(loop)
        return reads

    def _begin(self, reads: "_Reads") -> None:
        future, reads.next, reads.is_reading = reads.next, None, True
        assert future is not None
        reads.loop.create_task(self._read(future, reads))

    async def _read(self, future: "asyncio.Future[Version]", reads: "_Reads") -> None:
        try:
            future.set_result(await run_in_threadpool(public_version.current, self.engine))
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as error:  # every waiter gets it (a pool time-out answers 503)
            future.set_exception(error)
        finally:
            reads.is_reading = False
            if reads.next is not None:
                self._begin(reads)


@dataclass
class _Reads:
    """One event loop's reads: the one not yet begun, and whether one is under way."""

    loop: asyncio.AbstractEventLoop
    next: "asyncio.Future[Version] | None" = None
    is_reading: bool = False


def _retrieved(future: "asyncio.Future[Version]") -> None:
    """Mark an error as seen: if every request waiting for it left, asyncio would log it."""
    if not future.cancelled():
        future.exception()


@lru_cache(maxsize=16)
def version_reads(engine: Engine) -> VersionReads:
    return VersionReads(engine)
