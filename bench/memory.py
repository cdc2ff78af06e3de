"""Where a `normbook serve` process's memory goes: its resident set after each phase of the load.

    .venv/bin/python -m bench.memory --database var/bench-100k.db [--workers 2] [--code ../other]
    .venv/bin/python -m bench.memory --database var/bench-100k.db --job-worker

Serves Normbook as `bench.load` does, then sends the load's requests phase by phase (the lists,
one search, the 32 searches, the pages, wrk at 32 and 256 connections, exports mixed in) and
prints, after each, the resident set (`VmRSS`) and its peak (`VmHWM`) of every serving process.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import httpx

from bench import brute, load, procs, stress

Phase = tuple[str, Callable[[], None]]
LOG = Path(tempfile.gettempdir()) / "normbook-bench-memory.log"


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
    log = open(LOG, "w")  # noqa: SIM115
    server = subprocess.Popen(
        [*command, "--port", str(load.PORTS["normbook"])],
        env=env,
        cwd=code or Path.cwd(),  # `-m` puts the working directory first on the path
        stdout=log,
        stderr=subprocess.STDOUT,
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
        log.close()
    fallbacks = LOG.read_text().count("encoding here")
    print(f"workers that encoded themselves: {fallbacks} (the server's log: {LOG})")


def job_worker(database: Path, revisions: int = 50) -> None:
    """This process as the job worker: what `normbook worker` imports, then the texts of published
    revisions encoded as the publication job encodes them (the model loaded here)."""
    import os

    os.environ.update(load.server_env(f"sqlite:///{database.resolve()}"))
    from sqlmodel import Session, col, select

    from api import tasks  # noqa: F401  (the worker's imports)
    from api.db import make_engine
    from submissions import embeddings, point_meaning, point_vectors, vectors
    from submissions.models import Revision

    print(f"job worker imported: {procs.status_kib('self', 'VmHWM') / 1024:.0f} MB peak")
    with Session(make_engine(os.environ["NORMBOOK_DATABASE_URL"])) as session:
        published = select(Revision).where(col(Revision.published_at).is_not(None))
        for revision in session.exec(published.limit(revisions)):
            texts = point_vectors.texts(revision.best_practices_html, revision.lessons_learned_html)
            embeddings.encode(
                list(dict.fromkeys([*texts[0], *texts[1], *vectors.passages(revision)]))
            )
            point_meaning.second([*texts[0], *texts[1]])
    print(f"{revisions} revisions encoded: {procs.status_kib('self', 'VmHWM') / 1024:.0f} MB peak")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--code", type=Path, default=None, help="serve another checkout's code")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seconds", type=int, default=5, help="of wrk per endpoint")
    parser.add_argument(
        "--job-worker", action="store_true", help="measure the job worker's encoding instead"
    )
    args = parser.parse_args()
    if args.job_worker:
        return job_worker(args.database)
    measure(args.database, args.workers, args.code, args.database_url, args.seconds)


if __name__ == "__main__":
    main()
