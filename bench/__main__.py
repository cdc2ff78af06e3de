"""The whole benchmark in one command, bounded to about ten minutes:

    python -m bench                       # 100,000 practices, SQLite, 3 rounds of 5 s per endpoint
    python -m bench --practices 10000     # a smaller corpus

Generates the corpus once (cached as var/bench-<N>.db and brought to the current schema; delete it
to rebuild), measures the start-up of `normbook serve`, then runs the load test against Normbook, a
bare FastAPI endpoint and Datasette.
"""

import argparse
import json
import os
import time
from pathlib import Path

from api import migrate
from api.db import Database
from bench import generate, load, startup

VAR = Path(__file__).resolve().parent.parent / "var"


def corpus(practices: int) -> Path:
    """The cached SQLite corpus, generated first under a temporary name so a crash leaves none."""
    target = VAR / f"bench-{practices // 1000}k.db" if practices % 1000 == 0 else None
    target = target or VAR / f"bench-{practices}.db"
    if target.exists():
        database = Database(f"sqlite:///{target}")
        migrate.upgrade(database.writer)  # a corpus cached before a new index gets it
        print(f"corpus: {target} (cached, schema {migrate.current(database.writer)})")
        database.dispose()
        return target
    partial = target.with_suffix(".partial")
    started = time.perf_counter()
    timings = generate.seed(f"sqlite:///{partial}", practices)
    os.replace(partial, target)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
    print(f"corpus: {practices} practices in {time.perf_counter() - started:.1f} s ({phases})")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--json", default=str(VAR / "bench-results.json"))
    args = parser.parse_args()
    started = time.perf_counter()
    VAR.mkdir(exist_ok=True)
    database = corpus(args.practices)
    report = {"practices": args.practices, "startup": startup.measure(database)}
    report |= load.run(
        argparse.Namespace(
            database=database,
            rounds=args.rounds,
            seconds=args.seconds,
            connections=args.connections,
            database_url=None,
            stress=True,
            only=None,
        )
    )
    report["elapsed_s"] = round(time.perf_counter() - started)
    Path(args.json).write_text(json.dumps(report, indent=2))
    print(f"figures written to {args.json}; {report['elapsed_s']} s in all")


if __name__ == "__main__":
    main()
