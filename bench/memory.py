"""Where a `normbook serve` process's memory goes: its resident set after each phase of the load.

    .venv/bin/python -m bench.memory --database var/bench-100k.db [--workers 2] [--code ../other]

Serves Normbook as `bench.load` does, then sends the load's requests phase by phase (the lists,
one search, the 32 searches, the pages, wrk at 32 and 256 connections, exports mixed in) and
prints, after each, the resident set (`VmRSS`) and its peak (`VmHWM`) of every serving process.
"""

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import httpx

from bench import brute, load, procs, stress

Phase = tuple[str, Callable[[], None]]


def _fetch(paths: list[str]) -> Callable[[], None]:
    def fetch() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{load.PORTS['normbook']}", timeout=300) as c:
            for path in paths:
                c.get(path).raise_for_status()

    return fetch


def _wrk(chosen: list[load.Endpoint], connections: int, seconds: int) -> Callable[[], None]:
    def run() -> None:
        for endpoint in chosen:
            load.wrk(endpoint, seconds, connections)

    return run


def phases(database: Path, seconds: int) -> list[Phase]:
    listed = {e.name: e for e in load.endpoints(database, brute.Facts.load(database).sample(50))}
    ours = [e for e in listed.values() if e.server == "normbook"]
    fast = [listed[name] for name in load.STRESSED]
    return [
        ("lists", _fetch(listed["list by norm JSON"].paths + listed["list by norm HTML"].paths)),
        ("first search", _fetch(listed["search JSON"].paths[:1])),
        ("32 searches", _fetch(listed["search JSON"].paths + listed["hybrid search HTML"].paths)),
        (
            "pages",
            _fetch(
                listed["practice HTML"].paths
                + listed["norm HTML"].paths
                + listed["coverage HTML"].paths
            ),
        ),
        *((f"32 connections: {e.name}", _wrk([e], 32, seconds)) for e in ours),
        ("wrk 256 connections", _wrk(fast, stress.WIDE, seconds)),
        ("exports mixed in", _mixed(fast[:1], seconds)),
    ]


def _mixed(chosen: list[load.Endpoint], seconds: int) -> Callable[[], None]:
    def run() -> None:
        stress.mixed(chosen, seconds, 32)

    return run


def workers(server: int) -> list[int]:
    """The processes answering requests: uvicorn's workers, or the server itself alone."""
    children = [pid for pid in procs.descendants(server) if procs.status_kib(pid, "VmRSS")]
    return children or [server]


def report(name: str, server: int) -> None:
    figures = [_figures(pid) for pid in [server, *workers(server)]]
    print(f"{name:40} {'  '.join(figures)}", flush=True)


def _figures(pid: int) -> str:
    """Resident/peak MB, and of the resident: anonymous (the heap) and file pages (libraries)."""
    split = {"Anonymous": 0, "Rss": 0}
    with suppress(OSError), open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            field, _, value = line.partition(":")
            if field in split:
                split[field] = int(value.split()[0]) // 1024
    rss, peak = (procs.status_kib(pid, field) // 1024 for field in ("VmRSS", "VmHWM"))
    return f"{rss}/{peak} ({split['Anonymous']}+{split['Rss'] - split['Anonymous']})"


def measure(database: Path, count: int, code: Path | None, url: str | None, seconds: int) -> None:
    env = load.server_env(url or f"sqlite:///{database.resolve()}")
    if code is not None:  # another checkout's code, served from this environment
        env["PYTHONPATH"] = str(code.resolve())
    command = [sys.executable, "-m", "api", "serve", "--workers", str(count)]
    server = subprocess.Popen(
        [*command, "--port", str(load.PORTS["normbook"])],
        env=env,
        cwd=code or Path.cwd(),  # `-m` puts the working directory first on the path
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        load.wait_ready(f"http://127.0.0.1:{load.PORTS['normbook']}/healthz")
        time.sleep(1)  # every worker up
        print(
            "MB resident/peak (heap+files): the server, its helpers, then each worker "
            "(one worker: the server alone)"
        )
        report("started", server.pid)
        for name, run in phases(database, seconds):
            run()
            report(name, server.pid)
    finally:
        load.stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--code", type=Path, default=None, help="serve another checkout's code")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seconds", type=int, default=5, help="of wrk per endpoint")
    args = parser.parse_args()
    measure(args.database, args.workers, args.code, args.database_url, args.seconds)


if __name__ == "__main__":
    main()
