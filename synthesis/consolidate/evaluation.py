"""Pairwise precision and recall of a grouping against labelled groups of paraphrases: what the
consolidation is tuned and checked on (tests/synthesis/data/paraphrases.json)."""

import json
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from synthesis.consolidate import merging
from synthesis.consolidate.merging import Point
from synthesis.consolidate.similarity import Mix

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix


class Scores(NamedTuple):
    precision: float
    recall: float
    f1: float


def labelled(path: Path, part: str) -> tuple[list[str], list[int]]:
    """The texts of one part ("tuning" or "held_out") and their labels: one per group of
    paraphrases, and one of its own for each point standing alone."""
    data = json.loads(path.read_text(encoding="utf-8"))[part]
    texts: list[str] = []
    labels: list[int] = []
    for label, members in enumerate(data["groups"]):
        texts.extend(members)
        labels.extend([label] * len(members))
    for offset, text in enumerate(data["alone"]):
        texts.append(text)
        labels.append(len(data["groups"]) + offset)
    return texts, labels


def pairwise(labels: Sequence[int], found: Sequence[int]) -> Scores:
    """Of the pairs put together, the share that belong together (precision); of the pairs that
    belong together, the share put together (recall); F1 their harmonic mean."""
    together = right = wanted = 0
    for i, j in combinations(range(len(labels)), 2):
        same, joined = labels[i] == labels[j], found[i] == found[j]
        together += joined
        wanted += same
        right += same and joined
    precision = right / together if together else 1.0
    recall = right / wanted if wanted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)


def grouped(
    texts: Sequence[str], meaning: "np.ndarray", mix: Mix, matrix: "csr_matrix | None"
) -> list[int]:
    """Each text's group (the index of its group's first text), as `merging.group` finds them."""
    points = [Point(str(i), i, text, text, text) for i, text in enumerate(texts)]
    label = {}
    for found in merging.group(points, mix, matrix, meaning):
        for point in found.points:
            label[point.submission_id] = found.points[0].submission_id
    return [label[i] for i in range(len(texts))]
