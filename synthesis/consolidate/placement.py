"""One point, one place: the chapter a point of a practice serving several norms is printed in,
and the order of a section's groups (most contributors first, then by text).

A point goes to its practice's primary norm when the delegation named one; otherwise to the norm
whose text and guidance (`profiles`) and whose already placed points it is closest to, by the
cosine of TF-IDF rows (ties go to the first norm in paragraph 13 order).
"""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix

ROWS_AT_ONCE = 50_000  # bounds the dense scores held at once


def place(
    matrix: "csr_matrix",
    profiles: "csr_matrix",
    settled: Sequence["np.ndarray"],
    pending: "np.ndarray",
    candidates: "np.ndarray",
) -> "np.ndarray":
    """For each pending row, the index of the norm it fits best among its `candidates` (a bit
    mask over the norms, in order). `settled[n]` holds the rows already in norm n: their mean
    row stands for "the other points" of that chapter."""
    import numpy as np

    norms = len(settled)
    centroids = np.zeros(profiles.shape, dtype=np.float64)
    for n, rows in enumerate(settled):
        if len(rows):
            mean = np.asarray(matrix[rows].mean(axis=0)).ravel()
            length = np.linalg.norm(mean)
            centroids[n] = mean / length if length else mean
    reference = profiles.toarray() + centroids
    chosen = np.empty(len(pending), dtype=np.int64)
    for start in range(0, len(pending), ROWS_AT_ONCE):
        end = start + ROWS_AT_ONCE
        scores = np.asarray(matrix[pending[start:end]] @ reference.T)
        # Per chunk, as the scores: a mask of every pending row at once grows with the snapshot.
        allowed = (candidates[start:end, None] >> np.arange(norms)[None, :]) & 1
        scores[allowed == 0] = -np.inf
        chosen[start:end] = scores.argmax(axis=1)
    return chosen


def central_first(matrix: "csr_matrix", rows: Sequence[int]) -> list[int]:
    """A group's rows, the most central first (highest mean cosine to the others; ties keep the
    snapshot order): the first speaks for the group."""
    if len(rows) < 3:  # with two, both are as central: the first stays first
        return list(rows)
    import numpy as np

    sub = matrix[list(rows)]
    centrality = np.asarray((sub @ sub.T).sum(axis=1)).ravel()
    order = sorted(range(len(rows)), key=lambda i: (-round(float(centrality[i]), 9), i))
    return [rows[i] for i in order]


def by_support(
    groups: Sequence[Sequence[int]],
    contributor: Callable[[int], object],
    text: Callable[[int], str],
) -> list[int]:
    """The positions of `groups` (each a list of items, the central one first) ordered by how
    many distinct contributors they have, most first, then by the central item's text."""
    return sorted(
        range(len(groups)),
        key=lambda i: (-len({contributor(item) for item in groups[i]}), text(groups[i][0]), i),
    )


def text_key(text: str) -> str:
    """What texts are ordered by: case and accents ignored, as a reader expects."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():  # no combining mark to drop: most texts, at a fraction of the cost
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))
