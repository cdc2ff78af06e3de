"""Tune the consolidation's mixes on the tuning half of the labelled set, never on the held-out half.

    .venv/bin/python scripts/tune_consolidation.py

For each way of comparing wording (character n-grams for sections of ordinary size, words for very
large ones), every weight of meaning, threshold and neighbourhood size is tried; the choice is the
best F1 among those with a precision of at least 0.9 (a wrong merge misattributes a point, a missed
one only repeats it), and among equal F1 the middle threshold of the run (the least fragile). The
held-out figures are printed for the record.
"""

from pathlib import Path

import numpy as np

from submissions import embeddings
from synthesis.consolidate import similarity
from synthesis.consolidate.evaluation import Scores, grouped, labelled, pairwise
from synthesis.consolidate.similarity import Mix

DATA = Path(__file__).parent.parent / "tests" / "synthesis" / "data" / "paraphrases.json"
PRECISION_FLOOR = 0.9


def labels_of(texts: list[str], meaning: np.ndarray, mix: Mix, characters: bool) -> list[int]:
    """Each text's group, as the consolidation finds them with this mix."""
    return grouped(texts, meaning, mix, similarity.vectors(texts, characters))


def tune(characters: bool) -> Mix:
    texts, labels = labelled(DATA, "tuning")
    meaning = embeddings.encode(texts)
    tried: list[tuple[Scores, Mix]] = []
    for weight in np.arange(0.4, 1.001, 0.05):
        for threshold in np.arange(0.2, 0.8, 0.01):
            mix = Mix(round(float(weight), 2), round(float(threshold), 2))
            tried.append((pairwise(labels, labels_of(texts, meaning, mix, characters)), mix))
    kept = [(scores, mix) for scores, mix in tried if scores.precision >= PRECISION_FLOOR]
    best = max(round(scores.f1, 3) for scores, _ in kept)
    top = [mix for scores, mix in kept if round(scores.f1, 3) == best]
    return top[len(top) // 2]


def report(mix: Mix, characters: bool) -> None:
    for part in ("tuning", "held_out"):
        texts, labels = labelled(DATA, part)
        scores = pairwise(labels, labels_of(texts, embeddings.encode(texts), mix, characters))
        print(
            f"  {part}: precision {scores.precision:.3f} recall {scores.recall:.3f} F1 {scores.f1:.3f}"
        )


if __name__ == "__main__":
    for name, characters in (("CHARACTERS", True), ("WORDS", False)):
        chosen = tune(characters)
        print(f"{name} = {chosen!r}")
        report(chosen, characters)
