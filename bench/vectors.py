"""Micro-benchmark of the vector ranking at N practices: numpy brute force on float32 and on the
int8 rows the app keeps, against approximate indexes (usearch, hnswlib) and sqlite-vec, when those are installed (`pip install usearch hnswlib
sqlite-vec`; the app needs numpy alone). `python -m bench.vectors 100000`."""

import sqlite3
import statistics
import sys
import time

import numpy as np

from submissions import embeddings
from submissions.vectors import Matrix

DIM, TOP, QUERIES = 512, 100, 50


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _timed(name: str, search, queries: np.ndarray, truth: list[set[int]], build: float) -> None:  # type: ignore[no-untyped-def]
    times, recalls = [], []
    for query, exact in zip(queries, truth, strict=True):
        start = time.perf_counter()
        found = search(query)
        times.append((time.perf_counter() - start) * 1000)
        recalls.append(len(set(found) & exact) / TOP)
    times.sort()
    print(
        f"{name:12} build {build:6.1f} s  median {statistics.median(times):6.2f} ms  "
        f"p99 {times[int(len(times) * 0.99) - 1]:6.2f} ms  recall@{TOP} {statistics.mean(recalls):.3f}"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = np.random.default_rng(7)
    # Clustered like real texts (topics), not uniform noise, which no index can shortcut.
    centres = _unit(rng.standard_normal((200, DIM)))
    rows = _unit(
        centres[rng.integers(0, 200, count)]
        + 0.6 * rng.standard_normal((count, DIM)) / np.sqrt(DIM) * 8
    )
    queries = _unit(
        centres[rng.integers(0, 200, QUERIES)] + 0.05 * rng.standard_normal((QUERIES, DIM))
    )

    def brute(query: np.ndarray) -> list[int]:
        scores = rows @ query
        best = np.argpartition(-scores, TOP - 1)[:TOP]
        return best[np.argsort(-scores[best])].tolist()

    truth = [set(brute(q)) for q in queries]
    print(f"{count} vectors of {DIM} float32: {rows.nbytes / 2**20:.0f} MiB in memory")
    _timed("numpy", brute, queries, truth, 0.0)
    packed = Matrix(
        np.arange(count), np.frombuffer(embeddings.pack(rows), np.int8).reshape(count, DIM)
    )
    print(
        f"the same as int8 rows (submissions.vectors.Matrix): {packed.rows.nbytes / 2**20:.0f} MiB"
    )
    _timed(
        "int8 chunks",
        lambda q: [id_ for id_, _ in packed.nearest(q, TOP, -1.0)],
        queries,
        truth,
        0.0,
    )
    try:
        from usearch.index import Index

        start = time.perf_counter()
        index = Index(ndim=DIM, metric="cos", dtype="f32")
        index.add(np.arange(count), rows, threads=2)
        built = time.perf_counter() - start
        _timed(
            "usearch",
            lambda q: index.search(q, TOP, threads=1).keys.tolist(),
            queries,
            truth,
            built,
        )
    except ImportError:
        print("usearch not installed")
    try:
        import hnswlib

        start = time.perf_counter()
        graph = hnswlib.Index(space="ip", dim=DIM)
        graph.init_index(max_elements=count, ef_construction=100, M=16)
        graph.set_num_threads(2)
        graph.add_items(rows, np.arange(count))
        graph.set_num_threads(1)
        graph.set_ef(TOP * 2)
        built = time.perf_counter() - start
        _timed("hnswlib", lambda q: graph.knn_query(q, k=TOP)[0][0].tolist(), queries, truth, built)
    except ImportError:
        print("hnswlib not installed")
    try:
        import sqlite_vec

        db = sqlite3.connect(":memory:")
        db.enable_load_extension(True)
        sqlite_vec.load(db)
        start = time.perf_counter()
        db.execute(f"CREATE VIRTUAL TABLE v USING vec0(embedding float[{DIM}])")
        db.executemany(
            "INSERT INTO v (rowid, embedding) VALUES (?, ?)",
            ((i, rows[i].tobytes()) for i in range(count)),
        )
        built = time.perf_counter() - start
        knn = f"SELECT rowid FROM v WHERE embedding MATCH ? ORDER BY distance LIMIT {TOP}"
        _timed(
            "sqlite-vec",
            lambda q: [r[0] for r in db.execute(knn, (q.tobytes(),))],
            queries,
            truth,
            built,
        )
    except ImportError:
        print("sqlite-vec not installed")
    except AttributeError:  # this Python's sqlite3 was built without loadable extensions
        print("sqlite-vec cannot load: sqlite3 without extension loading")


if __name__ == "__main__":
    main()
