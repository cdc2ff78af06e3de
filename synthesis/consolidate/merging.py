"""Near-duplicate points of one chapter section become one point citing all their sources.

Similarity is the cosine of TF-IDF vectors (scikit-learn: words without English and French
stop-words, accents stripped, sublinear term frequency); the threshold is tuned on the labelled
set in tests/synthesis/test_consolidate.py. Grouping is deterministic average-link clustering
(two groups merge while their mean pairwise similarity reaches the threshold, so groups do not
chain). Sections too large for an all-pairs matrix use a greedy pass instead: in snapshot order,
an ungrouped point leads a group and takes every later ungrouped point close enough to it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from norms.errors import Invalid
from synthesis.consolidate import similarity

if TYPE_CHECKING:  # numpy, scipy and scikit-learn load on first use: the server starts faster
    from scipy.sparse import csr_matrix

THRESHOLD = 0.4
ALL_PAIRS_LIMIT = 500
SECTIONS = ("best_practices", "lessons_learned")
OPERATIONS = ("merge", "split", "reorder", "reword")
T = TypeVar("T")


class Point(NamedTuple):
    """One paragraph or list item of one revision's section. `key` is stable for a snapshot.
    A named tuple: a report makes one per point of every chapter, and a dataclass is slower."""

    key: str
    submission_id: int
    html: str
    markdown: str
    text: str
    language: str = ""  # its revision's, when loaded for a report
    # In the other language, when the revision has it: html, markdown, text and origin
    translated: tuple[str, str, str, str] | None = None


@dataclass
class Group:
    points: list[Point]
    rewording: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.points[0].key


def group(
    points: Sequence[Point], threshold: float = THRESHOLD, matrix: "csr_matrix | None" = None
) -> list[Group]:
    """Consolidate points in their given order; groups come in the order of their first point.
    `matrix`, when given, holds the points' TF-IDF rows (fitted over a wider set of points)."""
    if len(points) < 2:
        return [Group([point]) for point in points]
    if matrix is None:
        matrix = similarity.vectors([point.text for point in points])
    if matrix is None:
        return [Group([point]) for point in points]
    return [Group(found) for found in clusters(points, matrix, threshold)]


def clusters(
    items: Sequence[T], matrix: "csr_matrix", threshold: float = THRESHOLD
) -> list[list[T]]:
    """The items (two or more, one TF-IDF row each) grouped, in the order of their first item."""
    if len(items) <= ALL_PAIRS_LIMIT:
        labels = similarity.average_link(matrix, threshold)
    else:
        labels = similarity.blocked_greedy(matrix, threshold)
    members: dict[int, list[T]] = {}
    for label, item in zip(labels, items, strict=True):
        members.setdefault(label, []).append(item)
    return list(members.values())


def apply_edits(groups: list[Group], edits: Sequence[dict[str, Any]]) -> list[Group]:
    """Replay the presidency's edits, in the order they were made, on one section's groups."""
    groups = [Group(list(g.points), dict(g.rewording)) for g in groups]
    for edit in edits:
        groups = _apply(groups, edit)
    return groups


def check_edit(groups: list[Group], edit: dict[str, Any]) -> None:
    """Raise Invalid unless every point the edit names is in this section."""
    known = {point.key for g in groups for point in g.points}
    for key in edit.get("points", []):
        if key not in known:
            raise Invalid("points", f"no point {key} in {edit['norm']} {edit['section']}")
    _apply(groups, edit)


def _find(groups: list[Group], key: str) -> int | None:
    for index, candidate in enumerate(groups):
        if any(point.key == key for point in candidate.points):
            return index
    return None


def _apply(groups: list[Group], edit: dict[str, Any]) -> list[Group]:
    keys: list[str] = list(edit.get("points", []))
    indexes = [i for i in (_find(groups, key) for key in keys) if i is not None]
    op = edit["op"]
    if op == "merge":
        if len(set(indexes)) < 2:
            raise Invalid("points", "name points of at least two different groups to merge")
        target, others = indexes[0], sorted(set(indexes[1:]) - {indexes[0]})
        for other in others:
            groups[target].points.extend(groups[other].points)
        return [g for i, g in enumerate(groups) if i not in others]
    if op == "split":
        if len(indexes) != 1:
            raise Invalid("points", "name exactly one point to split off")
        source = groups[indexes[0]]
        if len(source.points) < 2:
            raise Invalid("points", "this point is already on its own")
        point = next(p for p in source.points if p.key == keys[0])
        source.points.remove(point)
        return [*groups[: indexes[0] + 1], Group([point]), *groups[indexes[0] + 1 :]]
    if op == "reorder":
        first = list(dict.fromkeys(indexes))
        return [groups[i] for i in first] + [g for i, g in enumerate(groups) if i not in first]
    if op == "reword":
        if len(indexes) != 1:
            raise Invalid("points", "name exactly one point to reword")
        groups[indexes[0]].rewording[edit["lang"]] = edit["text"]
        return groups
    raise Invalid("op", f"unknown operation {op!r}")
