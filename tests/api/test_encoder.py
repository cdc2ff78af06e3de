"""The encoder process `normbook serve` starts: its workers get the model's vectors without loading it."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from api import encoder
from submissions import embeddings

TEXTS = ["Designate a national point of contact.", "Désigner un point de contact national.", "x"]


@pytest.fixture
def unloaded() -> Iterator[None]:
    """This process without the model loaded, as a worker starts; the model restored after."""
    kept = embeddings._loaded[:]
    embeddings._loaded.clear()
    yield
    embeddings._loaded[:] = kept
    embeddings.use_service(None)


def test_a_worker_gets_the_vectors_of_the_model_without_loading_it(unloaded: None) -> None:
    with encoder.running() as path:
        embeddings.use_service(path)
        vectors = embeddings.encode(TEXTS)
        assert embeddings._loaded == []  # the 120 MB stayed in the encoder process
        assert embeddings.encode([]).shape == (0, embeddings.DIMENSIONS)
    embeddings.use_service(None)
    assert np.array_equal(vectors, embeddings.encode(TEXTS))  # the same to the bit


def test_a_worker_encodes_itself_when_the_encoder_process_is_gone(
    unloaded: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embeddings, "STARTING", 0.2)
    embeddings.use_service(f"{tmp_path}/no-socket")
    vectors = embeddings.encode(TEXTS)
    assert embeddings._service == []  # asked once, then no more
    assert np.array_equal(vectors, embeddings.encode_here(TEXTS))


def test_the_encoder_process_answers_a_malformed_request_with_nothing(unloaded: None) -> None:
    import socket

    with encoder.running() as path:
        embeddings.use_service(path)
        embeddings.encode(["warm"])  # listening
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.connect(path)
            connection.sendall((5).to_bytes(4, "big") + b"[1,2]")
            connection.shutdown(socket.SHUT_WR)
            assert connection.recv(10) == b""
        assert embeddings.encode(["still answering"]).shape == (1, embeddings.DIMENSIONS)


def test_searches_arriving_together_are_all_answered_by_the_encoder_process(
    unloaded: None,
) -> None:
    """A full queue of connections made a worker load the model for good (120 MB more)."""
    with encoder.running() as path:
        embeddings.use_service(path)
        with ThreadPoolExecutor(64) as pool:
            answers = list(pool.map(lambda i: embeddings.encode([f"query {i}"]), range(128)))
        assert embeddings._service == [path]
        assert embeddings._loaded == []
    assert all(answer.shape == (1, embeddings.DIMENSIONS) for answer in answers)
