"""Tune the consolidation on the tuning half of the labelled set, never on the held-out half.

    .venv/bin/python scripts/tune_consolidation.py [--compare]

First the centre of the sentence vectors (what centring takes off) is the mean vector of the tuning
half's points (both models' parts, `submissions.point_meaning`), written to
synthesis/consolidate/centre.json. Character n-grams are mixed with both models' meaning, words
(very large sections, whose greedy pass reads the first model alone) with the first's. Then the
settings are chosen by cross-validation within the tuning half, so that the choice is not fitted
to that half's own pairs: the half is split in two by paraphrase group (distractors spread over
both), ten times with different seeds, and each part is grouped on its own, with the centre of the
other part's points.
For each way of comparing wording (character n-grams for sections of ordinary size, words for very
large ones), every weight of meaning, threshold, same-language correction and mutual-neighbour
condition (character n-grams only: very large sections do not read their texts' language, and their
greedy pass has no all-pairs matrix) is scored by the pairs pooled over the twenty parts. The choice
is the best F1 among those whose precision stays at least 0.88, both averaged over the neighbouring
thresholds (+-0.02) and weights (+-0.05): a plateau, not a lucky point. The settings in use
(`merging.CHARACTERS` and `WORDS`) are this choice; the held-out figures are printed for the record.

`--compare` measures, for ways of grouping that this procedure could choose between (linkage, the
corrections, the mutual-neighbour condition), how well the choice generalises: settings chosen on
one part of a split (same rule) are scored on the other part, pooled over five splits both ways.
The mutual-neighbour condition entered the grid on such a comparison (a wider one, README), which
this one, with the grid above, does not confirm: all the average-link ways score alike.

Each part is grouped by the same average-link clustering as `similarity.average_link`, with scipy
(one tree a setting but the threshold, cut at every threshold).
"""

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from submissions import point_meaning
from synthesis.consolidate import merging, similarity
from synthesis.consolidate.evaluation import grouped, labelled, pairwise
from synthesis.consolidate.merging import CHARACTERS, WORDS, Point
from synthesis.consolidate.similarity import Mix

DATA = Path(__file__).parent.parent / "tests" / "synthesis" / "data" / "paraphrases.json"
PRECISION_FLOOR = 0.88
CREDIT_FLOOR = 0.98  # a participant credited with another's words: what a report must not do
BARS = np.round(np.arange(0.30, 0.80, 0.01), 2)
REPEATS = 10  # two-part splits; parts of half the tuning half stay close to a real section's size
WEIGHTS = np.round(np.arange(0.5, 1.001, 0.05), 2)
THRESHOLDS = np.round(np.arange(0.15, 0.65, 0.01), 2)
CORRECTIONS = (0.0, 0.02, 0.04, 0.06, 0.08)
# Each point's 4 closest: a group of up to five paraphrases keeps all its pairs.
NEIGHBOURS = ((0, 0.0), (4, 0.05), (4, 0.1), (4, 0.2))
NEAR_THRESHOLDS, NEAR_WEIGHTS = 2, 1  # steps on either side averaged
Counts = np.ndarray  # pairs right, pairs put together, pairs wanted
Linkage = Literal["average", "complete"]
Setting = tuple[Mix, str]  # and the linkage
# Ways of grouping compared by --compare: which settings each may choose among.
WAYS: dict[str, Callable[[Setting], bool]] = {
    "average link": lambda s: s[1] == "average" and not s[0].same_language and not s[0].apart,
    "+ same-language correction": lambda s: s[1] == "average" and not s[0].apart,
    "+ mutual neighbours": lambda s: s[1] == "average" and not s[0].same_language,
    "+ both": lambda s: s[1] == "average",
    "complete link, both corrections": lambda s: s[1] == "complete",
}


def meaning_of(texts: list[str]) -> np.ndarray:
    """The sentence vectors the consolidation compares: both models' side by side."""
    return point_meaning.encode(texts)


def write_centre() -> None:
    texts, _ = labelled(DATA, "tuning")
    mean = meaning_of(texts).mean(axis=0)
    about = "Mean sentence vector of the tuning half of tests/synthesis/data/paraphrases.json"
    centre = [round(float(value), 5) for value in mean]
    similarity.CENTRE.write_text(json.dumps({"about": about, "centre": centre}) + "\n")
    similarity.centre.cache_clear()


def parts(labels: np.ndarray, seed: int) -> Iterator[np.ndarray]:
    """The two parts of one split: whole groups of paraphrases, and distractors, alternately."""
    rng = np.random.default_rng(seed)
    counts = np.bincount(labels)
    groups = rng.permutation(np.flatnonzero(counts > 1))
    alone = rng.permutation(np.flatnonzero(counts == 1))
    for part in range(2):
        chosen = np.r_[groups[part::2], alone[part::2]]
        yield np.flatnonzero(np.isin(labels, chosen))


def counts(labels: np.ndarray, found: np.ndarray) -> Counts:
    upper = np.triu_indices(len(labels), 1)
    same = (labels[:, None] == labels[None, :])[upper]
    joined = (found[:, None] == found[None, :])[upper]
    return np.array([(same & joined).sum(), joined.sum(), same.sum()])


def scores(total: Counts) -> tuple[float, float, float]:
    precision = total[0] / total[1] if total[1] else 1.0
    recall = total[0] / total[2] if total[2] else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)


def score_part(
    texts: list[str],
    labels: np.ndarray,
    meaning: np.ndarray,
    centre: np.ndarray,
    characters: bool,
    linkages: tuple[Linkage, ...] = ("average",),
) -> dict[Setting, Counts]:
    """Every setting's pair counts on one part, grouped on its own."""
    rows = similarity.centred(meaning if characters else meaning[:, point_meaning.FIRST], centre)
    sentences = rows @ rows.T
    matrix = similarity.vectors(texts, characters)
    assert matrix is not None
    wording = (matrix @ matrix.T).toarray()
    french = similarity.french(texts)
    same = (french[:, None] == french[None, :]).astype(float)
    found: dict[Setting, Counts] = {}
    for weight in WEIGHTS:
        for correction in CORRECTIONS if characters else (0.0,):
            close = weight * sentences + (1 - weight) * wording - correction * same
            for neighbours, apart in NEIGHBOURS if characters else ((0, 0.0),):
                corrected = (
                    close - apart * ~similarity.mutual(close, neighbours) if apart else close
                )
                distances = np.clip(1.0 - corrected, 0.0, 2.0)
                np.fill_diagonal(distances, 0.0)
                condensed = squareform((distances + distances.T) / 2, checks=False)
                for method in linkages:
                    tree = linkage(condensed, method)
                    for threshold in THRESHOLDS:
                        cut = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
                        mix = Mix(
                            *(float(weight), float(threshold), correction, neighbours, apart),
                            both_models=characters,
                        )
                        found[mix, method] = counts(labels, cut)
    return found


def choose(pooled: dict[Setting, Counts]) -> Setting:
    """The best F1 whose precision stays at least PRECISION_FLOOR, both on a plateau."""
    tried = {setting: scores(total) for setting, total in pooled.items()}
    mixes = {method: {m for m, n in tried if n == method} for _, method in tried}

    def plateau(setting: Setting) -> tuple[float, float]:
        mix, method = setting
        near = [
            tried[found, method]
            for k in range(-NEAR_THRESHOLDS, NEAR_THRESHOLDS + 1)
            for w in range(-NEAR_WEIGHTS, NEAR_WEIGHTS + 1)
            if (
                found := mix._replace(
                    meaning=round(mix.meaning + w * 0.05, 2),
                    threshold=round(mix.threshold + k * 0.01, 2),
                )
            )
            in mixes[method]
        ]
        return sum(s[0] for s in near) / len(near), sum(s[2] for s in near) / len(near)

    kept = {setting: plateau(setting) for setting in tried}
    floor = [s for s, (precision, _) in kept.items() if precision >= PRECISION_FLOOR]
    return max(floor or kept, key=lambda s: (round(kept[s][1], 3), kept[s][0]))


def split_counts(
    characters: bool, seeds: range, linkages: tuple[Linkage, ...] = ("average",)
) -> Iterator[tuple[dict[Setting, Counts], dict[Setting, Counts]]]:
    """Per split of the tuning half and per order, the counts of one part and of the other."""
    texts, listed = labelled(DATA, "tuning")
    labels, meaning = np.asarray(listed), meaning_of(texts)
    for seed in seeds:
        found = []
        for part in parts(labels, seed):
            centre = np.delete(meaning, part, axis=0).mean(axis=0)
            chosen = [texts[i] for i in part]
            found.append(
                score_part(chosen, labels[part], meaning[part], centre, characters, linkages)
            )
        yield found[0], found[1]
        yield found[1], found[0]


def tune(characters: bool, shipped: Mix) -> Mix:
    pooled: dict[Setting, Counts] = {}
    for found, _ in split_counts(characters, range(REPEATS)):
        for setting, found_counts in found.items():
            pooled[setting] = pooled.get(setting, 0) + found_counts
    chosen, _ = choose(pooled)
    for name, mix in (("chosen", chosen), ("in use", shipped)):
        if (mix, "average") not in pooled:
            continue
        precision, recall, f1 = scores(pooled[mix, "average"])
        print(
            f"  {name}, cross-validated: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}"
        )
    return chosen


def compare() -> None:
    """Each way of grouping: chosen on one part, scored on the other."""
    totals = {name: np.zeros(3) for name in WAYS}
    for fitting, scoring in split_counts(True, range(5), ("average", "complete")):
        for name, allowed in WAYS.items():
            setting = choose({s: c for s, c in fitting.items() if allowed(s)})
            totals[name] += scoring[setting]
    for name, total in totals.items():
        precision, recall, f1 = scores(total)
        print(f"  {name}: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}")


def credits(mix: Mix, characters: bool, part: str) -> list[tuple[float, bool]]:
    """Per point grouped with others on one half, its closeness to its group's central point
    (`similarity.of_pairs`) and whether it is a paraphrase of that point."""
    texts, labels = labelled(DATA, part)
    matrix = similarity.vectors(texts, characters)
    assert matrix is not None
    meaning, french = meaning_of(texts), similarity.french(texts)
    points = [Point(str(i), i, text, text, text) for i, text in enumerate(texts)]
    found = []
    for group in merging.group(points, mix._replace(credited=0.0), matrix, meaning):
        centre = int(group.central_key)
        others = np.array([p.submission_id for p in group.points if p.key != group.central_key])
        if not len(others):
            continue
        firsts = np.full(len(others), centre)
        close = similarity.of_pairs(matrix, meaning, mix, firsts, others, french)
        found += [
            (float(c), labels[o] == labels[centre]) for c, o in zip(close, others, strict=True)
        ]
    return found


def credit_bar(mix: Mix, characters: bool) -> Mix:
    """The lowest bar (`Mix.credited`) at which the tuning half's credited points are paraphrases
    of their group's central point at least CREDIT_FLOOR of the time; the held-out figures
    printed: points credited with another's words, and paraphrases printed in their own."""
    tuning = credits(mix, characters, "tuning")
    bar = next(
        float(bar)
        for bar in BARS
        if (kept := [right for close, right in tuning if close >= bar - 1e-9])
        and sum(kept) / len(kept) >= CREDIT_FLOOR
    )
    for part in ("tuning", "held_out"):
        found = tuning if part == "tuning" else credits(mix, characters, part)
        wrong = sum(not right for _, right in found)
        wrong_kept = sum(not right and close >= bar - 1e-9 for close, right in found)
        apart = sum(right and close < bar - 1e-9 for close, right in found)
        print(
            f"    {part}: of {len(found)} points grouped with a central one, {wrong} are not its "
            f"paraphrase; credited with its words: {wrong_kept} of them; paraphrases printed in "
            f"their own words: {apart} of {len(found) - wrong}"
        )
    return mix._replace(credited=bar)


def report(mix: Mix, characters: bool) -> None:
    for part in ("tuning", "held_out"):
        texts, labels = labelled(DATA, part)
        matrix = similarity.vectors(texts, characters)
        found = pairwise(labels, grouped(texts, meaning_of(texts), mix, matrix))
        print(
            f"    {part}: precision {found.precision:.3f} recall {found.recall:.3f} F1 {found.f1:.3f}"
        )


if __name__ == "__main__":
    write_centre()
    if "--compare" in sys.argv:
        print("Ways of grouping, chosen on one part of the tuning half, scored on the other")
        compare()
        sys.exit()
    for name, characters, shipped in (("CHARACTERS", True, CHARACTERS), ("WORDS", False, WORDS)):
        print(name)
        chosen = tune(characters, shipped)
        if "--no-held-out" not in sys.argv:
            report(chosen, characters)
        print("  credited with the central point's words from:")
        chosen = credit_bar(chosen, characters)
        print(f"  chosen: {chosen!r}")
