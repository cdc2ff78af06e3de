"""The greedy pass of large sections skips the pairs that cannot change its outcome: it must
group exactly as the plain pass over every candidate pair does."""

import random

import numpy as np
import pytest

from synthesis.consolidate import similarity


def _corpus(seed: int) -> list[str]:
    """Sentences from a small vocabulary, a third of them coming back with one or two words
    changed, so that candidates abound and groups form and overlap."""
    rng = random.Random(seed)
    vocabulary = [f"term{i}" for i in range(120)]
    texts = [" ".join(rng.sample(vocabulary, 8)) for _ in range(400)]
    for _ in range(200):
        words = rng.choice(texts).split()
        for _ in range(rng.randint(1, 2)):
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        texts.append(" ".join(words))
    rng.shuffle(texts)
    return texts


def _plain_greedy(matrix, threshold: float, cosines=None) -> list[int]:  # type: ignore[no-untyped-def]
    """Every candidate pair's cosine, then each ungrouped point in order leads and takes its
    close, still ungrouped, later candidates."""
    size = matrix.shape[0]
    if cosines is None:
        cosines = (matrix @ matrix.T).toarray()
    partners: dict[int, list[int]] = {}
    for pairs in similarity._candidates(matrix):
        for pair in pairs.tolist():
            first, second = divmod(pair, size)
            if cosines[first, second] >= threshold - 1e-9:
                partners.setdefault(first, []).append(second)
    labels = [-1] * size
    for first in range(size):
        if labels[first] == -1 and first in partners:
            labels[first] = first
            for second in partners[first]:
                if labels[second] == -1:
                    labels[second] = first
    return [label if label != -1 else i for i, label in enumerate(labels)]


@pytest.mark.parametrize(
    ("seed", "at_once", "band"), [(1, 10_000, 500_000), (2, 7, 500), (3, 1, 50)]
)
def test_skipping_pairs_groups_as_the_plain_pass_does(
    monkeypatch: pytest.MonkeyPatch, seed: int, at_once: int, band: int
) -> None:
    # Small chunks and bands split a leader's pairs across chunks and the rows across bands.
    monkeypatch.setattr(similarity, "PAIRS_AT_ONCE", at_once)
    monkeypatch.setattr(similarity, "BAND", band)
    matrix = similarity.vectors(_corpus(seed))
    assert matrix is not None
    found = similarity.blocked_greedy(matrix, 0.4)
    assert found == _plain_greedy(matrix, 0.4)
    groups = np.unique(found, return_counts=True)[1]
    assert (groups > 1).sum() > 50  # the corpus does make groups, large and small
    assert groups.max() > 2


def test_the_greedy_pass_mixes_stored_vectors_as_the_plain_pass_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(similarity, "MEANING_AT_ONCE", 7)  # chunks split a leader's pairs
    texts = _corpus(4)
    matrix = similarity.vectors(texts)
    assert matrix is not None
    rng = np.random.default_rng(4)
    meaning = np.rint(rng.uniform(-1, 1, size=(len(texts), 512)) * 127).astype(np.int8)
    # The plain pass on the mixed closeness of every pair, computed in full (centred vectors).
    wording = (matrix @ matrix.T).toarray()
    centred = similarity.centred(meaning).astype(np.float64)
    sentences = centred @ centred.T
    mix = similarity.Mix(meaning=0.3, threshold=0.4)
    mixed = 0.3 * sentences + 0.7 * wording
    expected = _plain_greedy(matrix, 0.4, mixed)
    assert similarity.blocked_greedy(matrix, 0.4, meaning, mix) == expected
    assert expected != _plain_greedy(matrix, 0.4)  # the vectors changed the outcome
