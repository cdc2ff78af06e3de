"""One point, one place: the chapter a point of a practice serving several norms is printed in,
and the order of a section's groups (most contributors first, then by text).

A point goes to its practice's primary norm when the delegation named one; otherwise to the norm
whose title, text and guidance (`profiles`) and whose already placed points it is closest to: by
meaning (the cosine of the multilingual sentence vectors, centred as consolidation centres them,
so that a French point finds its norm as an English one does) mixed with wording (the cosine of
TF-IDF rows). Ties go to the first norm in paragraph 13 order.
"""

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix

ROWS_AT_ONCE = 50_000  # bounds the dense scores held at once
VECTORS_AT_ONCE = 2_048  # pending rows whose sentence vectors are centred at once (4 MiB)
MEANING = 0.4  # the weight of meaning against wording (the scales differ: about equal parts)
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+")


class Meaning(NamedTuple):
    """The sentence vectors placement compares: the pending points' (int8 as stored, or float),
    the mean of each norm's settled points' (float, in the order of the norms, zero for none),
    and the norms' profiles' sentences (`norm_sentences`)."""

    pending: "np.ndarray"
    settled: "np.ndarray"
    sentences: "tuple[np.ndarray, np.ndarray]"


def norm_sentences(profiles: Sequence[str]) -> "tuple[np.ndarray, np.ndarray]":
    """The sentence vectors of every norm's profile (title, text and guidance, in English and
    French) and the index of the norm each belongs to: a point is as close to a norm as to the
    sentence of it that it speaks to. Encoded once per set of profiles, not per point."""
    return _norm_sentences(tuple(profiles))


@cache
def _norm_sentences(profiles: tuple[str, ...]) -> "tuple[np.ndarray, np.ndarray]":
    import numpy as np

    from submissions import embeddings

    pieces = [
        [s for s in _SENTENCE_END.split(profile) if s.strip()] or [" "] for profile in profiles
    ]
    # The model is not kept: a freeze encodes nothing else (its points' vectors are stored).
    vectors = embeddings.encode([s for sentences in pieces for s in sentences], keep=False)
    owners = np.repeat(np.arange(len(pieces)), [len(sentences) for sentences in pieces])
    return vectors, owners


def place(
    matrix: "csr_matrix",
    profiles: "csr_matrix",
    settled: Sequence["np.ndarray"],
    pending: "np.ndarray",
    candidates: "np.ndarray",
    meaning: Meaning | None = None,
) -> "np.ndarray":
    """For each pending row, the index of the norm it fits best among its `candidates` (a bit
    mask over the norms, in order). `settled[n]` holds the rows already in norm n: their mean
    row stands for "the other points" of that chapter. With `meaning`, the fit mixes the
    sentence vectors' closeness (weight MEANING) with the TF-IDF rows'."""
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
        if meaning is not None:
            closeness = _by_meaning(meaning, start, end)
            scores = (1.0 - MEANING) * scores + MEANING * closeness
        # Per chunk, as the scores: a mask of every pending row at once grows with the snapshot.
        allowed = (candidates[start:end, None] >> np.arange(norms)[None, :]) & 1
        scores[allowed == 0] = -np.inf
        chosen[start:end] = scores.argmax(axis=1)
    return chosen


def _by_meaning(meaning: Meaning, start: int, end: int) -> "np.ndarray":
    """Pending rows start:end against each norm, by centred cosine: with the closest sentence of
    its profile, averaged with the mean of its settled points when it has some."""
    import numpy as np

    from synthesis.consolidate.similarity import centred

    sentences, owners = meaning.sentences
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    profiles = centred(sentences).T
    others = centred(meaning.settled.astype(np.float32)).T
    placed = np.linalg.norm(meaning.settled, axis=1) > 0
    end = min(end, len(meaning.pending))
    result = np.empty((end - start, len(starts)), dtype=np.float64)
    for low in range(start, end, VECTORS_AT_ONCE):  # bounds the float copies of the rows
        high = min(low + VECTORS_AT_ONCE, end)
        rows = centred(meaning.pending[low:high])
        profile = np.maximum.reduceat(rows @ profiles, starts, axis=1)
        result[low - start : high - start] = (profile + (rows @ others) * placed) / (1.0 + placed)
    return result


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
