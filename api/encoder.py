"""The encoder process: one per `normbook serve`, it holds the sentence encoder for its workers.

The model takes about 120 MB once loaded (its tokenizer's vocabulary and weights); loaded in each
worker it was the largest part of a searching worker's memory. The workers send it their texts
over a Unix socket (`embeddings.ask`) and get the vectors back, the same ones to the bit; when it
does not answer, they encode themselves (`embeddings.encode`).
"""

import os
import signal
import socketserver
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from threading import Lock

ENVIRONMENT = "NORMBOOK_ENCODER_SOCKET"  # where `serve` tells its workers the socket is
MOST_BYTES = 16 << 20  # a request's texts, at most


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        import json

        from submissions import embeddings

        size = int.from_bytes(self.rfile.read(4), "big")
        if not 0 < size <= MOST_BYTES:
            return  # closed without an answer: the client reads too few bytes and says so
        texts = json.loads(self.rfile.read(size))
        if not (isinstance(texts, list) and all(isinstance(text, str) for text in texts)):
            return
        with _encoding:  # one text at a time: the model runs on one core, leaving the other
            vectors = embeddings.encode_here(texts) if texts else None
        if vectors is not None:
            self.wfile.write(embeddings.to_bytes(vectors))


_encoding = Lock()


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    request_queue_size = 256  # the searches of two workers' 40 threads at once, with room
    parent = 0

    def service_actions(self) -> None:
        """Stop when the server that started it is gone, even killed (every half second)."""
        if os.getppid() != self.parent:
            raise SystemExit(0)


def serve(path: str) -> None:
    """Answer on the Unix socket `path` until stopped; the model loads at the first request."""
    try:
        with Server(path, _Handler) as server:
            server.parent = os.getppid()
            server.serve_forever()
    finally:
        with suppress(OSError):
            os.unlink(path)
            os.rmdir(os.path.dirname(path))


@contextmanager
def running() -> Iterator[str]:
    """An encoder process on a fresh socket, for the time of the block: yields the socket's path."""
    folder = tempfile.mkdtemp(prefix="normbook-encoder-")
    path = str(Path(folder) / "socket")
    # `-m api.encoder`: a bare interpreter, not the CLI, so that it takes little from the start-up.
    process = subprocess.Popen([sys.executable, "-m", "api.encoder", path])
    try:
        yield path
    finally:
        process.terminate()
        process.wait(5)
        with suppress(OSError):
            os.unlink(path)
        with suppress(OSError):
            os.rmdir(folder)


if __name__ == "__main__":
    # Stopped with its server (a signal to the process group): the socket removed on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    serve(sys.argv[1])
