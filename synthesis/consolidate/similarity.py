"""How close two points are, and the two ways of grouping them: exact average-link clustering for
sections of ordinary size, and a blocked greedy pass that stays linear for very large ones.

Closeness mixes the cosine of the points' multilingual sentence vectors (their meaning, across
English and French) with the cosine of their TF-IDF vectors (their wording): character n-grams
for sections of ordinary size (they also catch the words English and French share, such as
"vulnérabilité" and "vulnerability"), words for very large ones (fewer terms a point).

Meaning is the mean of two models' cosines (`submissions.point_meaning`) for the mixes that read
both (`Mix.both_models`), the first model's cosine for the others.

Three corrections keep points that share a theme but not a meaning apart. The sentence vectors
are centred: the mean vector of points about the norms (`centre.json`, from the tuning half of the
labelled set, per model) is taken off each before the cosine, so that what every point on cyber
policy has in common no longer counts as agreement. Two points in the same language, whose
wording overlaps more than an English and a French paraphrase's ever does, need a little more
closeness (`Mix.same_language`). And in the all-pairs clustering, two points need more closeness
unless each is among the other's few closest (`Mix.neighbours`): a point on a group's theme is
often close to all its members, but they are closer to each other than to it.

numpy, scipy and scikit-learn are imported on first use, so the server starts without them.
"""

import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix

_FRENCH_STOP_WORDS = frozenset(
    [
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "elles",
        "en",
        "est",
        "et",
        "il",
        "ils",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "mais",
        "meme",
        "ne",
        "ni",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "plus",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sont",
        "sur",
        "ta",
        "te",
        "tes",
        "ton",
        "tous",
        "tout",
        "toute",
        "toutes",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "ete",
        "etre",
        "avoir",
        "a",
        "entre",
        "afin",
        "chaque",
        "aussi",
        "ainsi",
        "lors",
    ]
)
# Blocking: each point is compared only with the points sharing one of its KEY_TERMS heaviest
# terms, and within such a block only with its WINDOW neighbours in snapshot order.
KEY_TERMS = 3
WINDOW = 32
BAND = 500_000
PAIRS_AT_ONCE = 10_000  # bounds the memory of the row products; fewer is slower
MEANING_AT_ONCE = 2_000  # pairs whose sentence vectors are copied at once (4 MiB each side)


CENTRE = Path(__file__).with_name("centre.json")
# Function words that tell a French point from an English one (none is a word of both).
_FRENCH_MARKS = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "de",
        "un",
        "une",
        "et",
        "est",
        "sont",
        "pour",
        "par",
        "dans",
        "sur",
        "aux",
        "au",
        "avec",
        "qui",
        "que",
        "leur",
        "leurs",
        "ces",
        "cette",
        "entre",
        "sous",
        "chaque",
        "tout",
        "toute",
        "tous",
        "ne",
        "pas",
        "d",
        "l",
        "qu",
        "s",
    ]
)
_ENGLISH_MARKS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "for",
        "in",
        "on",
        "with",
        "by",
        "is",
        "are",
        "be",
        "should",
        "must",
        "that",
        "this",
        "from",
        "its",
        "their",
        "an",
        "all",
        "every",
        "each",
        "at",
        "as",
        "or",
        "not",
    ]
)


class Mix(NamedTuple):
    """The weight of meaning (sentence vectors) against wording (TF-IDF) in a pair's closeness,
    the closeness from which two points say the same thing, what is taken off the closeness of
    two points written in the same language, and what is taken off that of two points unless
    each is among the other's `neighbours` closest (all-pairs clustering only; 0: no such
    condition), whether meaning averages both models' cosines (else the first's alone), and the
    closeness to its group's most central point from which a point's participant is credited
    with that point's words (0: always; `merging.set_apart`)."""

    meaning: float
    threshold: float
    same_language: float = 0.0
    neighbours: int = 0
    apart: float = 0.0
    both_models: bool = False
    credited: float = 0.0


def vectors(texts: Iterable[str], characters: bool = False) -> "csr_matrix | None":
    """L2-normalised TF-IDF rows of words (or of character n-grams), or None when the texts hold
    nothing but stop-words. The texts are read once, so they may come from a generator."""
    import numpy as np
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    vectorizer = (
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            strip_accents="unicode",
            sublinear_tf=True,
            dtype=np.float64,
        )
        if characters
        else TfidfVectorizer(
            stop_words=sorted(ENGLISH_STOP_WORDS | _FRENCH_STOP_WORDS),
            strip_accents="unicode",
            sublinear_tf=True,
            dtype=np.float64,
        )
    )
    try:
        matrix: csr_matrix = vectorizer.fit_transform(texts)
    except ValueError:  # nothing but stop-words or punctuation
        return None
    return matrix


def french(texts: Iterable[str]) -> "np.ndarray":
    """Whether each text is French rather than English: it has more French function words."""
    import numpy as np

    def is_french(text: str) -> bool:
        words = text.casefold().replace("'", " ").replace("\u2019", " ").split()
        return sum(w in _FRENCH_MARKS for w in words) > sum(w in _ENGLISH_MARKS for w in words)

    return np.fromiter((is_french(text) for text in texts), dtype=bool)


def closeness(
    matrix: "csr_matrix",
    meaning: "np.ndarray | None",
    mix: Mix,
    languages: "np.ndarray | None" = None,
) -> "np.ndarray":
    """Every pair's closeness, as a dense matrix. `languages`: each point's (any labels), when
    known, for the same-language correction."""
    import numpy as np

    wording: np.ndarray = (matrix @ matrix.T).toarray()
    if meaning is None:
        return wording
    rows = centred(meaning if mix.both_models else first_model(meaning))
    sentences = rows @ rows.T
    result: np.ndarray = mix.meaning * sentences + (1.0 - mix.meaning) * wording
    if languages is not None and mix.same_language:
        result -= mix.same_language * (languages[:, None] == languages[None, :])
    if mix.neighbours and mix.apart and len(result) > mix.neighbours + 1:
        result -= mix.apart * ~mutual(result, mix.neighbours)
    return result


def of_pairs(
    matrix: "csr_matrix",
    meaning: "np.ndarray",
    mix: Mix,
    first: "np.ndarray",
    second: "np.ndarray",
    languages: "np.ndarray | None" = None,
) -> "np.ndarray":
    """The closeness of each pair of rows (`first[i]`, `second[i]`), as `closeness` has it
    without the mutual-neighbour condition (which reads a whole section, not a pair). One
    model's from dot products (`_closeness`: no matrix, however many rows); both models' from the
    matrix of every pair, which their mixes only meet up to ALL_PAIRS_LIMIT rows."""
    import numpy as np

    if mix.both_models:
        plain = mix._replace(neighbours=0, apart=0.0)
        result: np.ndarray = closeness(matrix, meaning, plain, languages)[first, second]
        return result
    one = first_model(meaning)
    centring = _centring(one)
    result = np.empty(len(first), dtype=np.float64)
    # A few rows' copies at a time: the freeze's peak is near when a large section's groups end.
    for start in range(0, len(first), MEANING_AT_ONCE):
        part = slice(start, start + MEANING_AT_ONCE)
        result[part] = _closeness(matrix, one, mix, first[part], second[part], centring)
    if languages is not None and mix.same_language:
        result -= mix.same_language * (languages[first] == languages[second])
    return result


def mutual(close: "np.ndarray", neighbours: int) -> "np.ndarray":
    """Whether each pair's points are each among the other's `neighbours` closest (ties
    included), as a boolean matrix."""
    import numpy as np

    others = close.copy()
    np.fill_diagonal(others, -np.inf)
    # The k-th closest of each row, without sorting the rows.
    kth = -np.partition(-others, neighbours - 1, axis=1)[:, neighbours - 1]
    near = others >= kth[:, None]
    result: np.ndarray = near & near.T
    return result


def unit(meaning: "np.ndarray") -> "np.ndarray":
    """Vectors as float32 rows of unit length (stored ones are quantised to int8)."""
    import numpy as np

    if meaning.dtype == np.int8:
        return meaning.astype(np.float32) / np.float32(127.0)
    return meaning


@cache
def centre() -> "np.ndarray":
    """The mean sentence vector of points about the norms, which centring takes off (both
    models' parts, as `point_meaning` lays them side by side)."""
    import numpy as np

    return np.asarray(json.loads(CENTRE.read_text(encoding="utf-8"))["centre"], dtype=np.float32)


def first_model(meaning: "np.ndarray") -> "np.ndarray":
    """The first model's columns of the vectors (all of them when they hold that model's only)."""
    from submissions import point_meaning

    return meaning[:, point_meaning.FIRST]


def centred(meaning: "np.ndarray", middle: "np.ndarray | None" = None) -> "np.ndarray":
    """Vectors less the centre (`middle`, else `centre()`), as float32 rows: each model's part
    of unit length, the parts weighted alike, so that the cosine of two rows is the mean of the
    models' centred cosines."""
    import numpy as np

    from submissions import point_meaning

    middle = centre() if middle is None else middle
    result: np.ndarray = unit(meaning) - middle[: meaning.shape[1]]
    whole = meaning.shape[1] == point_meaning.DIMENSIONS
    parts = point_meaning.PARTS if whole else (slice(None),)
    for part in parts:  # in place: placement centres thousands of rows at once
        piece = result[:, part]
        piece /= np.maximum(np.linalg.norm(piece, axis=1, keepdims=True), 1e-6) * len(parts) ** 0.5
    return result


def average_link(
    matrix: "csr_matrix",
    threshold: float,
    meaning: "np.ndarray | None" = None,
    mix: Mix | None = None,
    languages: "np.ndarray | None" = None,
    owners: "np.ndarray | None" = None,
) -> list[int]:
    """Two groups merge while their mean pairwise closeness reaches the threshold. `owners`:
    each point's practice, when known: two points of one practice's section are as far apart
    as can be, since its delegation listed them as two points."""
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering

    mix = mix or Mix(0.0, threshold)
    distances = np.clip(1.0 - closeness(matrix, meaning, mix, languages), 0.0, 2.0)
    if owners is not None:
        distances[owners[:, None] == owners[None, :]] = 2.0
    np.fill_diagonal(distances, 0.0)
    clustering = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=1.0 - threshold + 1e-9,
    )
    labels: list[int] = clustering.fit_predict(distances).tolist()
    return labels


def blocked_greedy(
    matrix: "csr_matrix",
    threshold: float,
    meaning: "np.ndarray | None" = None,
    mix: Mix | None = None,
) -> list[int]:
    """In snapshot order, an ungrouped point leads a group and takes every later ungrouped
    candidate (sharing one of its heaviest terms) whose closeness reaches the threshold. Meaning
    is the first model's (`Mix.both_models` is not read)."""
    import numpy as np

    size = matrix.shape[0]
    labels = np.full(size, -1)
    if meaning is not None:  # the first model's part alone: its mixes are tuned on it
        meaning = first_model(meaning)
    centring = None if meaning is None or mix is None else _centring(meaning)
    for pairs in _candidates(matrix):
        for start in range(0, len(pairs), PAIRS_AT_ONCE):
            chunk = pairs[start : start + PAIRS_AT_ONCE]
            first, second = chunk // size, chunk % size
            # Labels only ever fill in: a pair whose first point already follows a leader, or
            # whose second is already taken, can change nothing, so its cosine is not computed
            # (most pairs, where near-duplicates abound).
            led = labels[first]
            open_ = ((led == -1) | (led == first)) & (labels[second] == -1)
            first, second = first[open_], second[open_]
            close = _closeness(matrix, meaning, mix, first, second, centring)
            close = close >= threshold - 1e-9
            _lead(labels, first[close], second[close])
    alone = labels == -1  # points without a close later point, nor an earlier leader
    labels[alone] = np.flatnonzero(alone)
    result: list[int] = labels.tolist()
    return result


def _lead(labels: "np.ndarray", first: "np.ndarray", second: "np.ndarray") -> None:
    """The greedy pass over close pairs in order: a point not yet taken leads (or goes on
    leading, when its pairs span two chunks) and takes its ungrouped partners."""
    import numpy as np

    if not len(first):
        return
    starts = np.flatnonzero(np.r_[True, first[1:] != first[:-1]])
    ends = np.r_[starts[1:], len(first)]
    # Slices by bounds, not np.split: its thousands of small arrays cost more than the slices.
    for i, start, end in zip(first[starts].tolist(), starts.tolist(), ends.tolist(), strict=True):
        if labels[i] == -1 or labels[i] == i:
            labels[i] = i
            candidates = second[start:end]
            labels[candidates[labels[candidates] == -1]] = i


def _centring(meaning: "np.ndarray") -> "tuple[np.ndarray, np.ndarray]":
    """Per row, its dot product with the centre and its length once centred: with them, the
    centred cosine of a pair follows from its plain dot product (no centred copy of the rows)."""
    import numpy as np

    middle = centre()[: meaning.shape[1]]
    towards = np.empty(len(meaning), dtype=np.float32)
    squares = np.empty(len(meaning), dtype=np.float32)
    for start in range(0, len(meaning), MEANING_AT_ONCE):  # bounds the float copies
        rows = unit(meaning[start : start + MEANING_AT_ONCE])
        towards[start : start + len(rows)] = rows @ middle
        squares[start : start + len(rows)] = np.einsum("ij,ij->i", rows, rows)
    lengths = np.sqrt(np.maximum(squares - 2.0 * towards + float(middle @ middle), 1e-12))
    return towards, lengths


def _closeness(
    matrix: "csr_matrix",
    meaning: "np.ndarray | None",
    mix: Mix | None,
    first: "np.ndarray",
    second: "np.ndarray",
    centring: "tuple[np.ndarray, np.ndarray] | None",
) -> "np.ndarray":
    """The closeness of each pair of rows (the rows are L2-normalised); `centring` as
    `_centring` gives it for `meaning`."""
    import numpy as np

    wording = np.asarray(matrix[first].multiply(matrix[second]).sum(axis=1)).ravel()
    if meaning is None or mix is None or centring is None:
        return wording
    towards, lengths = centring
    middle = centre()[: meaning.shape[1]]
    cosines = np.empty(len(first), dtype=np.float64)
    scale = 1.0 / 127.0**2 if meaning.dtype == np.int8 else 1.0  # stored vectors are int8
    for start in range(0, len(first), MEANING_AT_ONCE):  # bounds the copies of rows
        part = slice(start, start + MEANING_AT_ONCE)
        a, b = meaning[first[part]], meaning[second[part]]
        # Summed in float32 straight from int8: converting the rows first took four times longer.
        cosines[part] = np.einsum("ij,ij->i", a, b, dtype=np.float32) * scale
    # (a - c).(b - c) = a.b - a.c - b.c + c.c, over the centred lengths
    cosines += float(middle @ middle) - towards[first] - towards[second]
    cosines /= lengths[first] * lengths[second]
    result: np.ndarray = mix.meaning * cosines + (1.0 - mix.meaning) * wording
    return result


def _candidates(matrix: "csr_matrix") -> "Iterator[np.ndarray]":
    """Pairs (i < j) sharing a block, in order, each once, as i * rows + j: a band of rows i at
    a time, so that about BAND pairs are held at once (they are the bulk of the memory)."""
    import numpy as np

    rows, same = _blocks(matrix)
    size = matrix.shape[0]
    bands = max(1, -(-sum(int(mask.sum()) for mask in same) // BAND))
    band_of = rows * bands // size
    for band in range(bands):
        masks = (
            same
            if bands == 1
            else [mask & (band_of[:-offset] == band) for offset, mask in enumerate(same, start=1)]
        )
        pairs = np.empty(sum(int(mask.sum()) for mask in masks), dtype=np.int64)
        filled = 0
        for offset, mask in enumerate(masks, start=1):
            found = rows[:-offset][mask] * size + rows[offset:][mask]
            pairs[filled : filled + len(found)] = found
            filled += len(found)
        del masks
        # Sorted without repeats (a pair shares several blocks): np.unique's hashing is slower.
        pairs.sort()
        if len(pairs):
            pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]
        yield pairs


def _blocks(matrix: "csr_matrix") -> "tuple[np.ndarray, list[np.ndarray]]":
    """Each row's KEY_TERMS heaviest terms as rows ordered by term, then by row (each row once
    per term), and per offset k < WINDOW, whether the entry k places on shares its block."""
    import numpy as np

    csr = matrix.tocsr()
    counts = np.diff(csr.indptr)
    row_of = np.repeat(np.arange(csr.shape[0]), counts)
    # Per row, heaviest terms first (ties by term id, so the choice is deterministic).
    order = np.lexsort((csr.indices, -csr.data, row_of))
    rank = np.arange(len(order)) - csr.indptr[row_of[order]]
    chosen = order[rank < KEY_TERMS]
    rows, terms = row_of[chosen], csr.indices[chosen]
    by_term = np.lexsort((rows, terms))
    rows, terms = rows[by_term], terms[by_term]
    starts = np.flatnonzero(np.r_[True, terms[1:] != terms[:-1]])
    position = np.arange(len(terms)) - np.repeat(starts, np.diff(np.r_[starts, len(terms)]))
    window = position // WINDOW
    same = [
        (terms[offset:] == terms[:-offset]) & (window[offset:] == window[:-offset])
        for offset in range(1, min(WINDOW, len(terms)))
    ]
    return rows, same
