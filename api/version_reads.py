"""The public-data version as the requests of one event loop read it: the requests that ask while
a read is under way share the next one.

Under load most anonymous reads are answered from what is kept, and the version's read is all they
ask of the database: each in a thread of its own, they took turns at the interpreter in whatever
order the threads woke, and a request could wait behind every other one. Shared, the read is one
thread's turn for all who asked, and they resume in the order they asked.
"""

import asyncio
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
        self._loop: asyncio.AbstractEventLoop | None = None
        self._next: asyncio.Future[Version] | None = None  # the read not yet begun
        self._reading = False

    async def current(self) -> Version:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new loop (tests): what the old one waited for is gone
            self._loop, self._next, self._reading = loop, None, False
        future = self._next
        if future is None:
            future = self._next = loop.create_future()
            future.add_done_callback(_retrieved)
            if not self._reading:
                self._begin()
        return await asyncio.shield(future)

    def _begin(self) -> None:
        assert self._next is not None and self._loop is not None
        future, self._next, self._reading = self._next, None, True
        self._loop.create_task(self._read(future))

    async def _read(self, future: "asyncio.Future[Version]") -> None:
        try:
            future.set_result(await run_in_threadpool(public_version.current, self.engine))
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as error:  # every waiter gets it (a pool time-out answers 503)
            future.set_exception(error)
        finally:
            self._reading = False
            if self._next is not None and self._loop is asyncio.get_running_loop():
                self._begin()


def _retrieved(future: "asyncio.Future[Version]") -> None:
    """Mark an error as seen: if every request waiting for it left, asyncio would log it."""
    if not future.cancelled():
        future.exception()


@lru_cache(maxsize=16)
def version_reads(engine: Engine) -> VersionReads:
    return VersionReads(engine)
