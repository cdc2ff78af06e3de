"""Tune the consolidation on the tuning half of the labelled set, never on the held-out half.

    .venv/bin/python scripts/tune_consolidation.py

First the centre of the sentence vectors (what centring takes off) is the mean vector of the tuning
half's points, written to synthesis/consolidate/centre.json. Then, for each way of comparing
wording (character n-grams for sections of ordinary size, words for very large ones), every weight
of meaning, threshold and same-language correction (character n-grams only: very large sections do
not read their texts' language) is tried. The choice is the best F1 among those whose precision
stays at least 0.93 (a wrong merge misattributes a point, a missed one only repeats it), both
averaged over the neighbouring thresholds (+-0.02): a plateau, not a lucky point. The held-out
figures are printed for the record.
"""

import json
from pathlib import Path

import numpy as np

from submissions import embeddings
from synthesis.consolidate import similarity
from synthesis.consolidate.evaluation import Scores, grouped, labelled, pairwise
from synthesis.consolidate.similarity import Mix

DATA = Path(__file__).parent.parent / "tests" / "synthesis" / "data" / "paraphrases.json"
PRECISION_FLOOR = 0.93
STEP = 0.01
NEAR = 2  # thresholds on either side averaged


def write_centre() -> None:
    texts, _ = labelled(DATA, "tuning")
    mean = embeddings.encode(texts).mean(axis=0)
    about = "Mean sentence vector of the tuning half of tests/synthesis/data/paraphrases.json"
    centre = [round(float(value), 5) for value in mean]
    similarity.CENTRE.write_text(json.dumps({"about": about, "centre": centre}) + "\n")
    similarity.centre.cache_clear()


def tune(characters: bool) -> Mix:
    texts, labels = labelled(DATA, "tuning")
    meaning = embeddings.encode(texts)
    matrix = similarity.vectors(texts, characters)
    tried: dict[Mix, Scores] = {}
    corrections = (0.0, 0.02, 0.04, 0.06) if characters else (0.0,)
    for correction in corrections:
        for weight in np.arange(0.5, 1.001, 0.05):
            for threshold in np.arange(0.1, 0.7, STEP):
                mix = Mix(round(float(weight), 2), round(float(threshold), 2), correction)
                tried[mix] = pairwise(labels, grouped(texts, meaning, mix, matrix))

    def plateau(mix: Mix) -> tuple[float, float]:
        near = [
            tried[found]
            for k in range(-NEAR, NEAR + 1)
            if (found := mix._replace(threshold=round(mix.threshold + k * STEP, 2))) in tried
        ]
        return (
            sum(s.precision for s in near) / len(near),
            sum(s.f1 for s in near) / len(near),
        )

    kept = {mix: plateau(mix) for mix in tried}
    return max(
        (mix for mix, (precision, _) in kept.items() if precision >= PRECISION_FLOOR),
        key=lambda mix: round(kept[mix][1], 3),
    )


def report(mix: Mix, characters: bool) -> None:
    for part in ("tuning", "held_out"):
        texts, labels = labelled(DATA, part)
        matrix = similarity.vectors(texts, characters)
        scores = pairwise(labels, grouped(texts, embeddings.encode(texts), mix, matrix))
        print(
            f"  {part}: precision {scores.precision:.3f} recall {scores.recall:.3f} F1 {scores.f1:.3f}"
        )


if __name__ == "__main__":
    write_centre()
    for name, characters in (("CHARACTERS", True), ("WORDS", False)):
        chosen = tune(characters)
        print(f"{name} = {chosen!r}")
        report(chosen, characters)
