"""/healthz latency while large exports download at once, gzipped or not: is the event loop held?

.venv/bin/python -m bench.healthz_probe --database var/bench-10k.db [--exports 10] gzip identity
"""

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench import load


async def _download(client: httpx.AsyncClient, path: str, encoding: str) -> int:
    sent = 0
    async with client.stream("GET", path, headers={"Accept-Encoding": encoding}) as response:
        async for chunk in response.aiter_raw():
            sent += len(chunk)
    assert response.status_code == 200, response.status_code
    return sent


async def probe(url: str, exports: int, encoding: str) -> None:
    async with (
        httpx.AsyncClient(base_url=url, timeout=900) as client,
        httpx.AsyncClient(base_url=url, timeout=60) as prober,
    ):
        await prober.get("/healthz")  # the probe's connection is open before the load starts
        started = time.perf_counter()
        paths = [f"/export/submissions.json?n={n}" for n in range(exports)]
        downloads = [asyncio.ensure_future(_download(client, p, encoding)) for p in paths]
        timings: list[float] = []
        while not all(task.done() for task in downloads):
            sent = time.perf_counter()
            await prober.get("/healthz")
            timings.append((time.perf_counter() - sent) * 1000)
            await asyncio.sleep(0.05)
        sizes = [await task for task in downloads]
    timings.sort()
    print(
        f"{exports} exports, {encoding}: {time.perf_counter() - started:.1f} s, "
        f"{sizes[0] / 2**20:.1f} MB each; /healthz ({len(timings)} probes) "
        f"p50 {statistics.median(timings):.1f} ms, p90 {timings[int(len(timings) * 0.9)]:.1f}, "
        f"p99 {timings[int(len(timings) * 0.99)]:.1f}, max {timings[-1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True)
    parser.add_argument("--exports", type=int, default=10)
    parser.add_argument("--port", type=int, default=load.FIRST_PORT)
    parser.add_argument("encodings", nargs="+", choices=["gzip", "identity"])
    args = parser.parse_args()
    env = load.server_env(f"sqlite:///{args.database.resolve()}")
    command = [str(Path(sys.executable).parent / "normbook"), "serve", "--port", str(args.port)]
    server = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{args.port}"
    try:
        load.wait_ready(f"{url}/healthz", timeout=120)
        for encoding in args.encodings:
            asyncio.run(probe(url, args.exports, encoding))
    finally:
        load.stop(server)


if __name__ == "__main__":
    main()
