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
# `credited`: the lowest closeness to a group's central point at which the tuning half's points
# credited with its words are its paraphrases at least 98% of the time.
CHARACTERS = Mix(
    meaning=0.95,
    threshold=0.36,
    same_language=0.02,
    neighbours=4,
    apart=0.2,
    both_models=True,
    credited=0.48,
)
WORDS = Mix(meaning=1.0, threshold=0.45, credited=0.52)
THRESHOLD = CHARACTERS.threshold
# Sections of up to ALL_PAIRS_LIMIT points are grouped by average link, on character n-grams;
# larger ones by the greedy pass, on words (character n-grams would spoil its blocks). Character
# n-grams are fitted when a snapshot's section (every norm's points) has at most CHARACTERS_UP_TO.
ALL_PAIRS_LIMIT = 500
CHARACTERS_UP_TO = 5_000
SECTIONS = ("best_practices", "lessons_learned")
OPERATIONS = ("merge", "split", "reorder", "reword", "move", "credit")
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
    grouping was computed with sentence vectors); `central_key` falls back to the first point.
    `apart`: keys of points too far from the central one for their participants to be credited
    with its words (`set_apart`; it may name points of other groups: only this one's count)."""

    points: list[Point]
    rewording: dict[str, str] = field(default_factory=dict)
    central: str | None = None
    apart: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        return self.points[0].key

    @property
    def central_key(self) -> str:
        keys = {point.key for point in self.points}
        return self.central if self.central in keys else self.points[0].key

    @property
    def together(self) -> list[Point]:
        """The points one wording speaks for: all but those set apart (never the central point,
        nor a point split off on its own); all of them when none would be left."""
        if not self.apart:
            return self.points
        found = [p for p in self.points if p.key == self.central or p.key not in self.apart]
        return found or self.points

    @property
    def aside(self) -> list[Point]:
        """The points a report prints in their own words, after the group's."""
        together = self.together
        if len(together) == len(self.points):
            return []
        credited = {point.key for point in together}
        return [point for point in self.points if point.key not in credited]

    def together_in(self, lang: str) -> list[Point]:
        """`together` in a report in `lang`: every point when the presidency reworded the group
        in that language (its wording is written for all of them)."""
        return self.points if lang in self.rewording else self.together

    def aside_in(self, lang: str) -> list[Point]:
        return [] if lang in self.rewording else self.aside


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
    centrals = [rows[central(meaning[rows])] for rows in found]
    firsts = [
        [at, *(row for row in rows if row != at)] for at, rows in zip(centrals, found, strict=True)
    ]
    apart = frozenset(points[row].key for row in set_apart(firsts, matrix, meaning, mix, languages))
    return [
        Group([points[i] for i in rows], central=points[at].key, apart=apart)
        for at, rows in zip(centrals, found, strict=True)
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


def set_apart(
    groups: Sequence[Sequence[int]],
    matrix: "csr_matrix",
    meaning: "np.ndarray",
    mix: Mix,
    languages: "np.ndarray | None" = None,
) -> list[int]:
    """Of groups of rows (each its central point first), the rows whose closeness to their
    group's first stays under `mix.credited`. Average link groups a point with others whose
    mean closeness reaches the threshold, and the greedy pass with its group's first point, so
    a point can sit with a paraphrase of its neighbour without being one of the central point's
    (13(d): "Formal requests often failed…" with "Many preservation requests were never followed
    by a formal request…"): a report prints its own words rather than credit its participant
    with another's."""
    import numpy as np

    several = [group for group in groups if len(group) > 1]
    if not several or not mix.credited:
        return []
    first = np.repeat([group[0] for group in several], [len(group) - 1 for group in several])
    second = np.fromiter((row for group in several for row in group[1:]), dtype=np.int64)
    close = similarity.of_pairs(matrix, meaning, mix, first, second, languages)
    result: list[int] = second[close < mix.credited - 1e-9].tolist()
    return result


def apply_edits(groups: list[Group], edits: Sequence[dict[str, Any]]) -> list[Group]:
    """Replay the presidency's edits, in the order they were made, on one section's groups."""
    groups = [Group(list(g.points), dict(g.rewording), g.central, g.apart) for g in groups]
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
            Group([point], central=point.key, apart=source.apart),
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
    if op == "credit":  # the presidency reads the point as saying what its group says
        if len(indexes) != 1 or keys[0] not in {p.key for p in groups[indexes[0]].aside}:
            raise Invalid("points", "name one point printed in its own words")
        for found in groups:  # the section's set: a later merge or split keeps the credit
            found.apart = found.apart - {keys[0]}
        return groups
    if op == "reword":
        if len(indexes) != 1:
            raise Invalid("points", "name exactly one point to reword")
        groups[indexes[0]].rewording[edit["lang"]] = edit["text"]
        return groups
    raise Invalid("op", f"unknown operation {op!r}")
