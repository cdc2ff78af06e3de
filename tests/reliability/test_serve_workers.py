"""`normbook serve --workers 2`: gunicorn's workers, each on its own socket, sharing the connections."""

import os
import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from tests.databases import migrated
from tests.reliability.server import NORMBOOK, free_port

pytestmark = pytest.mark.skipif(shutil.which("ss") is None, reason="needs ss (iproute2)")


def _owners(port: int, state: str) -> Counter[str]:
    """How many sockets of the port in this state each process holds, by pid."""
    shown = subprocess.run(
        ["ss", "-tnpH", "state", state, f"( sport = :{port} )"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return Counter(part.split(",")[0] for part in shown.split("pid=")[1:])


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    database = migrated("serve_workers")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NORMBOOK_")},
        "NORMBOOK_DATABASE_URL": database.url,
        "NORMBOOK_SECRET_KEY": "serve-workers-secret",
    }
    process = subprocess.Popen(
        [NORMBOOK, "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while len(_owners(port, "listening")) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    try:
        yield process, port
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        database.dispose()


def test_each_worker_listens_on_its_own_socket(served: tuple[subprocess.Popen[bytes], int]) -> None:
    _, port = served
    listening = _owners(port, "listening")
    assert len(listening) == 2 and set(listening.values()) == {1}, listening


def test_a_burst_of_connections_goes_to_both_workers(
    served: tuple[subprocess.Popen[bytes], int],
) -> None:
    _, port = served
    clients = [httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) for _ in range(32)]
    try:
        for client in clients:
            assert client.get("/healthz").status_code == 200
        held = _owners(port, "established")
        # The kernel hashes each connection to a socket: all 32 on one worker has odds of 2**-31.
        assert len(held) == 2 and sum(held.values()) == 32, held
    finally:
        for client in clients:
            client.close()


def test_the_workers_stop_with_the_server(served: tuple[subprocess.Popen[bytes], int]) -> None:
    process, port = served
    os.killpg(process.pid, signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert not _owners(port, "listening")
