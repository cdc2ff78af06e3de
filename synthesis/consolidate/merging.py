"""Points of one chapter section that say the same thing become one point citing all their sources.

Closeness mixes meaning (the cosines of two models' multilingual sentence vectors, kept with each
published revision) and wording (the cosine of TF-IDF vectors, `similarity`); the weights and thresholds are
tuned on the tuning half of a labelled bilingual set (tests/synthesis/data/paraphrases.json, with
scripts/tune_consolidation.py) and checked on its other half. Grouping is deterministic average-
link clustering (two groups merge while their mean pairwise closeness reaches the threshold, so
groups do not chain). Sections too large for an all-pairs matrix use a greedy pass instead: in
snapshot order, an ungrouped point leads a group and takes every later ungrouped point close
enough to it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from norms.errors import Invalid
from synthesis.consolidate import similarity
from synthesis.consolidate.similarity import Mix

if TYPE_CHECKING:  # numpy, scipy and scikit-learn load on first use: the server starts faster
    import numpy as np
    from scipy.sparse import csr_matrix

# Tuned on the tuning half of the labelled set (scripts/tune_consolidation.py).
CHARACTERS = Mix(
    meaning=0.95, threshold=0.36, same_language=0.02, neighbours=4, apart=0.2, both_models=True
)
WORDS = Mix(meaning=1.0, threshold=0.45)
THRESHOLD = CHARACTERS.threshold
# Sections of up to ALL_PAIRS_LIMIT points are grouped by average link, on character n-grams;
# larger ones by the greedy pass, on words (character n-grams would spoil its blocks). Character
# n-grams are fitted when a snapshot's section (every norm's points) has at most CHARACTERS_UP_TO.
ALL_PAIRS_LIMIT = 500
CHARACTERS_UP_TO = 5_000
SECTIONS = ("best_practices", "lessons_learned")
OPERATIONS = ("merge", "split", "reorder", "reword", "move")
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
    """`central`: the key of the point closest in meaning to all the others (set when the
    grouping was computed with sentence vectors); `central_key` falls back to the first point."""

    points: list[Point]
    rewording: dict[str, str] = field(default_factory=dict)
    central: str | None = None

    @property
    def key(self) -> str:
        return self.points[0].key

    @property
    def central_key(self) -> str:
        keys = {point.key for point in self.points}
        return self.central if self.central in keys else self.points[0].key


def group(
    points: Sequence[Point],
    mix: Mix | None = None,
    matrix: "csr_matrix | None" = None,
    meaning: "np.ndarray | None" = None,
) -> list[Group]:
    """Consolidate points in their given order; groups come in the order of their first point.
    `matrix`, when given, holds the points' TF-IDF rows (fitted over a wider set of points);
    `meaning` their sentence vectors (else they are encoded now)."""
    if len(points) < 2:
        return [Group([point], central=point.key) for point in points]
    texts = [point.text for point in points]
    characters = matrix is None and len(points) <= ALL_PAIRS_LIMIT
    if matrix is None:
        matrix = similarity.vectors(texts, characters=characters)
    if matrix is None:
        return [Group([point], central=point.key) for point in points]
    if meaning is None:
        from submissions import point_meaning  # numpy: a report never needs it

        meaning = point_meaning.encode(texts)
    mix = mix or (CHARACTERS if characters else WORDS)
    import numpy as np

    languages = similarity.french(texts)
    owners = np.array([point.submission_id for point in points])
    found = clusters(list(range(len(points))), matrix, meaning, mix, languages, owners)
    return [
        Group([points[i] for i in rows], central=points[rows[central(meaning[rows])]].key)
        for rows in found
    ]


def wording(
    texts: Sequence[str],
) -> "tuple[csr_matrix | None, csr_matrix | None]":
    """A snapshot section's TF-IDF rows of character n-grams (None when it is too large) and of
    words, fitted over all its points: a norm's points are rows of these."""
    if len(texts) < 2:
        return None, None
    small = len(texts) <= CHARACTERS_UP_TO
    return similarity.vectors(texts, True) if small else None, similarity.vectors(texts)


def rows_of(
    characters: "csr_matrix | None", words: "csr_matrix | None", rows: "Sequence[int] | np.ndarray"
) -> "tuple[csr_matrix | None, Mix]":
    """One norm's rows of the matrix its size calls for, and the mix tuned for it."""
    import numpy as np

    if characters is not None and (len(rows) <= ALL_PAIRS_LIMIT or words is None):
        return characters[np.asarray(rows)], CHARACTERS
    return (None if words is None else words[np.asarray(rows)]), WORDS


def clusters(
    items: Sequence[T],
    matrix: "csr_matrix",
    meaning: "np.ndarray | None",
    mix: Mix,
    languages: "np.ndarray | None" = None,
    owners: "np.ndarray | None" = None,
) -> list[list[T]]:
    """The items (two or more, one TF-IDF row and one sentence vector each) grouped, in the
    order of their first item. `languages` (`similarity.french`), when given, lets the all-pairs
    clustering ask more of two points in the same language; `owners` (each item's practice)
    keeps two points of one practice apart in it."""
    if len(items) <= ALL_PAIRS_LIMIT:
        labels = similarity.average_link(matrix, mix.threshold, meaning, mix, languages, owners)
    else:
        labels = similarity.blocked_greedy(matrix, mix.threshold, meaning, mix)
    members: dict[int, list[T]] = {}
    for label, item in zip(labels, items, strict=True):
        members.setdefault(label, []).append(item)
    return list(members.values())


def central(meaning: "np.ndarray") -> int:
    """The row closest in meaning to the others: the highest mean cosine (the first on a tie)."""
    import numpy as np

    if len(meaning) < 3:
        return 0
    rows = similarity.unit(meaning)
    # Each row's summed cosine to all rows is its dot product with their sum: linear in the group.
    return int(np.argmax(rows @ rows.sum(axis=0)))


def apply_edits(groups: list[Group], edits: Sequence[dict[str, Any]]) -> list[Group]:
    """Replay the presidency's edits, in the order they were made, on one section's groups."""
    groups = [Group(list(g.points), dict(g.rewording), g.central) for g in groups]
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
        return [
            *groups[: indexes[0] + 1],
            Group([point], central=point.key),
            *groups[indexes[0] + 1 :],
        ]
    if op == "reorder":
        first = list(dict.fromkeys(indexes))
        return [groups[i] for i in first] + [g for i, g in enumerate(groups) if i not in first]
    if op == "move":  # out of this section; `grouping.replay` adds it to the other chapter's
        if len(indexes) != 1:
            raise Invalid("points", "name exactly one point to move")
        source = groups[indexes[0]]
        source.points[:] = [p for p in source.points if p.key != keys[0]]
        return [g for g in groups if g.points]
    if op == "reword":
        if len(indexes) != 1:
            raise Invalid("points", "name exactly one point to reword")
        groups[indexes[0]].rewording[edit["lang"]] = edit["text"]
        return groups
    raise Invalid("op", f"unknown operation {op!r}")
