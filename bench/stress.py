"""Two runs beyond the rounds: many connections at once, and fast requests with slow ones mixed in.

The fast endpoints' p99 is what matters in both: 256 connections must queue without errors, and
exports running meanwhile must not hold up the pages and lists served beside them.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from bench import load

WIDE = 256
SLOW_PATHS = ["/export/submissions.json", "/export/submissions.csv", "/coverage?lang=fr"]
SLOW_AT_ONCE = 4


def wide(chosen: list["load.Endpoint"], seconds: int) -> dict[str, dict[str, float]]:
    """The fast endpoints at 256 connections."""
    figures = {}
    for endpoint in chosen:
        result = load.wrk(endpoint, seconds, WIDE)
        figures[endpoint.name] = _row(result)
        print(f"  {WIDE} connections, {endpoint.name}: {_line(result)}")
    return figures


def mixed(
    chosen: list["load.Endpoint"], seconds: int, connections: int
) -> dict[str, dict[str, float]]:
    """The fast endpoints at the usual connections while exports run four at a time."""
    base = f"http://127.0.0.1:{load.PORTS['normbook']}"
    figures = {}
    for endpoint in chosen:
        stop = threading.Event()
        statuses: list[int] = []

        def slow_loop(
            offset: int, stop: threading.Event = stop, statuses: list[int] = statuses
        ) -> None:
            with httpx.Client(base_url=base, timeout=120) as client:
                turn = offset
                while not stop.is_set():
                    path = SLOW_PATHS[turn % len(SLOW_PATHS)]
                    statuses.append(client.get(path).status_code)
                    turn += 1

        with ThreadPoolExecutor(SLOW_AT_ONCE) as pool:
            for offset in range(SLOW_AT_ONCE):
                pool.submit(slow_loop, offset)
            time.sleep(1)
            result = load.wrk(endpoint, seconds, connections)
            stop.set()
        row = _row(result)
        row["slow_requests"] = len(statuses)
        row["slow_5xx"] = sum(1 for status in statuses if status >= 500)
        figures[endpoint.name] = row
        print(
            f"  with exports mixed in, {endpoint.name}: {_line(result)}; "
            f"{len(statuses)} exports, {row['slow_5xx']:.0f} 5xx"
        )
    return figures


def _row(result: "load.Result") -> dict[str, float]:
    return {"rps": result.rps, "p50_ms": result.p50, "p99_ms": result.p99, "errors": result.errors}


def _line(result: "load.Result") -> str:
    return (
        f"{result.rps:.0f} req/s, p50 {result.p50:.1f} ms, p99 {result.p99:.1f} ms, "
        f"{result.errors} errors"
    )
