"""Workers sharing a listening socket take waiting connections in turns."""

import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
import uvicorn

from api.event_loop import TakingTurnsLoop

WAITING = 4


class CountingSocket(socket.socket):
    """A listening socket that notes the loop's turn at each connection it hands over."""

    turns: list[int]
    turn: list[int]

    def accept(self) -> tuple[socket.socket, object]:
        accepted = super().accept()
        self.turns.append(self.turn[0])
        return accepted


def turns_of_accepts(make_loop: type[asyncio.AbstractEventLoop]) -> list[int]:
    """The turn at which each connection waiting in the queue was accepted, by a loop of its own
    thread (another test's loop may be running in this one)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(_turns_of_accepts, make_loop).result()


def _turns_of_accepts(make_loop: type[asyncio.AbstractEventLoop]) -> list[int]:
    loop = make_loop()
    listener = CountingSocket(socket.AF_INET, socket.SOCK_STREAM)
    listener.turns, listener.turn = [], [0]
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    clients = [socket.create_connection(listener.getsockname()) for _ in range(WAITING)]

    def tick() -> None:
        listener.turn[0] += 1
        loop.call_soon(tick)

    async def serve() -> None:
        server = await loop.create_server(asyncio.Protocol, sock=listener)
        loop.call_soon(tick)
        while len(listener.turns) < WAITING and listener.turn[0] < 1_000:
            await asyncio.sleep(0)
        server.close()

    try:
        loop.run_until_complete(serve())
    finally:
        loop.close()
        for client in clients:
            client.close()
    return listener.turns


def test_a_worker_accepts_one_waiting_connection_per_turn() -> None:
    turns = turns_of_accepts(TakingTurnsLoop)
    assert len(turns) == WAITING
    assert len(set(turns)) == WAITING, turns


def test_asyncio_alone_takes_every_waiting_connection_at_once() -> None:
    """What the loop is for: without it, the first worker to wake takes them all."""
    turns = turns_of_accepts(asyncio.SelectorEventLoop)
    assert len(turns) == WAITING
    assert len(set(turns)) == 1, turns


@pytest.mark.parametrize(("workers", "expected"), [(2, TakingTurnsLoop), (1, None)])
def test_serve_gives_uvicorn_the_loop_for_several_workers(
    workers: int, expected: type | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api import cli

    given: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: given.update(kwargs))
    monkeypatch.setattr(cli, "_import_application", lambda: None)
    cli.serve(workers=workers)
    factory = uvicorn.Config("api.app:app", loop=str(given["loop"])).get_loop_factory()
    if expected is None:
        assert factory is not TakingTurnsLoop
    else:
        assert factory is expected
