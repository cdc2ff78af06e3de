"""The multilingual encoder: paraphrases across English and French are closer than unrelated texts."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from submissions import embeddings


def test_encoder_puts_an_english_french_paraphrase_closer_than_an_unrelated_pair() -> None:
    english = "Designate a single national point of contact, reachable around the clock."
    french = "Désigner un point de contact national unique, joignable 24 heures sur 24."
    unrelated = "Simulate industrial control systems in exercises rather than office networks."
    vectors = embeddings.encode([english, french, unrelated])
    assert vectors.shape == (3, embeddings.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.5 > vectors[0] @ vectors[2] + 0.2


def test_vectors_survive_the_round_trip_through_bytes() -> None:
    vectors = embeddings.encode(["one", "two"])
    assert np.array_equal(embeddings.from_bytes(embeddings.to_bytes(vectors)), vectors)
    assert embeddings.encode([]).shape == (0, embeddings.DIMENSIONS)


def test_threads_asking_at_once_load_the_model_once() -> None:
    """Each of the searches arriving together at a fresh worker loaded its own 120 MB copy."""
    kept = embeddings._loaded[:]
    embeddings._loaded.clear()
    try:
        with ThreadPoolExecutor(4) as pool:
            models = list(pool.map(lambda _: embeddings._model(), range(4)))
        assert len(embeddings._loaded) == 1
        assert all(model is models[0] for model in models)
    finally:
        embeddings._loaded[:] = kept or embeddings._loaded


def test_a_one_off_encoding_in_a_process_of_its_own_gives_the_same_vectors() -> None:
    """keep=False with no model kept: the model loads in a fresh interpreter, not here."""
    texts = ["Designate a national point of contact.", "Désigner un point de contact national."]
    kept = embeddings._loaded[:]
    embeddings._loaded.clear()
    try:
        apart = embeddings.encode(texts, keep=False)
        assert not embeddings._loaded
    finally:
        embeddings._loaded[:] = kept
    assert np.array_equal(apart, embeddings.encode_here(texts))


def test_a_one_off_encoding_falls_back_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process of its own cannot start: the vectors are made here, the same ones."""
    texts = ["Share indicators of compromise with partners."]
    monkeypatch.setattr(embeddings.sys, "executable", "/nonexistent/python")
    assert np.array_equal(embeddings.encode_apart(texts), embeddings.encode_here(texts))
