"""Brute-force answers to check the app's lists and searches, and the SQLite FTS5 floor."""

import multiprocessing
import re
import sqlite3
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

_WORD = re.compile(r"\w+", re.UNICODE)


def fts_expression(query: str) -> str:
    """The FTS5 expression the app builds: every term, the last as a prefix."""
    words = _WORD.findall(query)
    return (" ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*').strip()


@dataclass
class Facts:
    """Every public practice: its shown (published) revision, publication time and norms."""

    path: Path
    public: dict[int, tuple[int, str]]  # revision id -> (submission id, published_at)
    norms: dict[int, set[str]]  # revision id -> norm codes

    @classmethod
    def load(cls, path: Path) -> "Facts":
        with sqlite3.connect(path) as db:
            public = {
                revision: (sid, published)
                for sid, revision, published in db.execute(
                    "SELECT id, published_revision_id, published_at FROM submission "
                    "WHERE published_revision_id IS NOT NULL AND status != 'withdrawn'"
                )
            }
            norms: dict[int, set[str]] = {}
            for revision, code in db.execute("SELECT revision_id, norm_code FROM revision_norm"):
                if revision in public:
                    norms.setdefault(revision, set()).add(code)
        return cls(path, public, norms)

    def sample(self, count: int) -> list[int]:
        ids = sorted(sid for sid, _ in self.public.values())
        return ids[:: max(1, len(ids) // count)][:count]

    def listed(self, norm: str, size: int) -> tuple[list[int], int]:
        rows = [v for r, v in self.public.items() if norm in self.norms.get(r, ())]
        rows.sort(key=lambda v: (v[1], v[0]), reverse=True)
        return [sid for sid, _ in rows[:size]], len(rows)

    def searched(self, query: str, size: int) -> tuple[list[int], int]:
        """Every match of the public index, ranked in full, ties to the newest."""
        with sqlite3.connect(self.path) as db:
            matches = db.execute(
                "SELECT rowid, rank FROM public_fts WHERE public_fts MATCH ?",
                (fts_expression(query),),
            ).fetchall()
        rows = sorted((rank, -sid) for sid, rank in matches)
        return [-neg for _, neg in rows[:size]], len(rows)

    def check_index(self) -> None:
        """The public index holds exactly the public practices (keyed by submission id)."""
        with sqlite3.connect(self.path) as db:
            indexed = {rowid for (rowid,) in db.execute("SELECT rowid FROM public_fts")}
        if indexed != {sid for sid, _ in self.public.values()}:
            raise AssertionError("the public search index disagrees with the public practices")


_TITLES = re.compile(r'<h3[^>]*>\s*<a href="/practices/(\d+)"')


def check(base: str, facts: Facts, norms: list[str], queries: list[str]) -> dict[str, int]:
    """Compare the app's first pages with the brute-force answers; raise on any difference."""
    checked = 0
    facts.check_index()
    with httpx.Client(base_url=base, timeout=60) as client:
        for norm in norms:
            page = client.get("/api/v1/submissions", params={"norm": norm, "page_size": 50}).json()
            got = ([item["id"] for item in page["items"]], page["total"])
            if got != facts.listed(norm, 50):
                raise AssertionError(f"list by norm {norm} differs from the brute-force answer")
            checked += 1
        for query in queries:
            # The hybrid search fuses full text and meaning: it counts every full-text match
            # and more, and the API answers with the page's practices in the page's order.
            page = client.get("/api/v1/submissions", params={"q": query, "page_size": 20}).json()
            html = client.get("/search", params={"q": query}).text
            shown = [int(id_) for id_ in _TITLES.findall(html)]
            if [item["id"] for item in page["items"]] != shown:
                raise AssertionError(f"search {query!r}: the API and the page differ")
            if page["total"] < facts.searched(query, 20)[1]:
                raise AssertionError(f"search {query!r} misses full-text matches")
            checked += 1
    print(f"results checked against brute force: {checked} lists and searches, all equal")
    return {"checked": checked}


def fts_floor(
    path: Path, queries: list[str], cores: int, table: str = "public_fts", order: str = "rank"
) -> dict[str, float]:
    """What one ranked FTS5 query costs in SQLite itself, and the req/s that allows on `cores`.

    `public_fts` holds the public practices, what the app's public search ranks; `revision_fts`
    also every working revision (the floor the earlier figures were measured against). Ordered
    by `rank` alone (the issue's measure) FTS5 sorts every match; by `rank, rowid DESC`, as the
    app asks, SQLite keeps the best 20 as it goes.
    `rps` is the issue's measure, `cores` over one process's mean (the best of three rounds);
    `rps_measured` is what `cores` processes running the queries side by side answer, as the
    servers' workers do.
    """
    rounds = []
    with sqlite3.connect(path) as db:
        for _ in range(3):
            start = time.perf_counter()
            for query in queries:
                db.execute(_ranked(table, order), (fts_expression(query),)).fetchall()
            rounds.append((time.perf_counter() - start) / len(queries))
    per_query = min(rounds)  # the first round may read the index from disk
    with ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context("spawn")) as pool:
        answered = sum(pool.map(_run_for, [(path, queries, table, order, 5.0)] * cores))
    return {
        "ms_per_query": per_query * 1000,
        "rps": cores / per_query,
        "rps_measured": answered / 5.0,
    }


def _ranked(table: str, order: str) -> str:
    return f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY {order} LIMIT 20"


def _run_for(job: tuple[Path, list[str], str, str, float]) -> int:
    """Queries answered in `seconds`, cycling through them, in this process."""
    path, queries, table, order, seconds = job
    answered = 0
    with sqlite3.connect(path) as db:
        for query in queries:  # warm, as the servers are
            db.execute(_ranked(table, order), (fts_expression(query),)).fetchall()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            query = queries[answered % len(queries)]
            db.execute(_ranked(table, order), (fts_expression(query),)).fetchall()
            answered += 1
    return answered
