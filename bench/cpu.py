"""CPU time per request of one path, through the whole ASGI app in this process, without a server.

    python -m bench.cpu --database var/bench-100k.db "/api/v1/submissions?norm=13a&page_size=50" \\
        [--requests 400 --profile 25]

Process time, not wall-clock: it holds on a shared, busy machine. The app is driven as uvicorn
drives it (one scope, `receive`, `send`), each request after a warm-up that fills what the app
keeps; `--profile N` prints cProfile's N costliest functions by their own time.
"""

import argparse
import asyncio
import cProfile
import os
import pstats
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def scope_of(path: str, gzip: bool = False) -> dict[str, Any]:
    parts = urlsplit(path)
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": parts.path,
        "raw_path": parts.path.encode(),
        "query_string": parts.query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")] + ([(b"accept-encoding", b"gzip")] if gzip else []),
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def request(app: Any, path: str) -> int:
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope_of(path), receive, send)
    return status


async def measure(app: Any, paths: list[str], count: int, profile: int) -> float:
    async with app.router.lifespan_context(app):
        for path in paths:  # warm: what the app keeps is filled
            status = await request(app, path)
            if status != 200:
                raise SystemExit(f"{path}: {status}")
        profiler = cProfile.Profile() if profile else None
        start = time.process_time()
        if profiler:
            profiler.enable()
        for number in range(count):
            await request(app, paths[number % len(paths)])
        if profiler:
            profiler.disable()
        spent = time.process_time() - start
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(profile)
    return spent / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="SQLite file made by bench.generate")
    parser.add_argument("paths", nargs="+", help="paths taken in turn; 13x stands for each norm")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    args = parser.parse_args()
    os.environ["NORMBOOK_DATABASE_URL"] = f"sqlite:///{Path(args.database).resolve()}"
    os.environ.setdefault("NORMBOOK_SECRET_KEY", "bench-secret-key-not-for-production")
    from api.serving import served_app

    paths = [
        path.replace("13x", f"13{letter}") if "13x" in path else path
        for path in args.paths
        for letter in ("abcdefghijk" if "13x" in path else "a")
    ]
    spent = asyncio.run(measure(served_app(), paths, args.requests, args.profile))
    print(f"{spent * 1000:.2f} ms of CPU a request ({args.requests} requests, {len(paths)} paths)")


if __name__ == "__main__":
    main()
