"""The event loop of each worker when `normbook serve` runs several."""

import asyncio
from typing import Any


class TakingTurnsLoop(asyncio.SelectorEventLoop):
    """An asyncio loop that accepts one waiting connection per turn instead of all of them.

    The workers share one listening socket, and uvloop (as asyncio by default) accepts every
    connection waiting when the socket is ready: a burst of them went to whichever worker woke
    first (wrk's 32 connections were split 23 to 9, or all to one), and that worker's requests
    waited twice as long. Taking one per turn, the workers take turns, and one busy with a
    request leaves the next connection to the other.
    """

    def _accept_connection(self, *args: Any) -> None:
        # Called as asyncio's _start_serving registers it: the backlog is the fifth argument.
        factory, sock, sslcontext, server, _backlog, *timeouts = args
        super()._accept_connection(factory, sock, sslcontext, server, 1, *timeouts)  # type: ignore[misc]
