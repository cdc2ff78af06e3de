"""The public synthesis pages at scale: seconds, size and the server's peak memory.

    python -m bench.pages --sizes 10000 100000

For each size, the synthesis benchmark's corpus (`bench.synthesis.seed`) is frozen and published,
then `normbook serve` (one worker, as `bench.load` starts it) serves the home page, the list of
syntheses, the report inside the site and its downloads (`--formats`); each is fetched three times,
read as it arrives and discarded (the first download makes the report, the others send it as
kept), and the server's peak resident memory (VmHWM) is read after each page.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bench import editor
from bench.load import BIN, PORTS, peak_memory_mb, running, server_env
from submissions.access import Actor
from submissions.models import Role

PRESIDENCY = Actor(role=Role.presidency)


def publish(url: str, count: int, seed_value: int) -> int:
    from api.db import Database
    from synthesis.freeze import snapshot

    synthesis_id = editor.prepare(url, count, seed_value)
    database = Database(url)
    with database.transaction() as session:
        snapshot.publish(session, PRESIDENCY, synthesis_id)
    database.dispose()
    return synthesis_id


def fetch(client: httpx.Client, path: str) -> tuple[float, int]:
    began, size = time.perf_counter(), 0
    with client.stream("GET", path, headers={"Accept-Encoding": "identity"}) as response:
        assert response.status_code == 200, (path, response.status_code)
        for piece in response.iter_raw():
            size += len(piece)
    return time.perf_counter() - began, size


def measure(url: str, paths: list[str]) -> None:
    command = [str(BIN / "normbook"), "serve", "--port", str(PORTS["normbook"])]
    with (
        running("normbook", command, server_env(url)),
        httpx.Client(base_url=f"http://127.0.0.1:{PORTS['normbook']}", timeout=600) as client,
    ):
        print(f"  started: peak {peak_memory_mb(PORTS['normbook']):.0f} MB")
        for path in paths:
            runs = [fetch(client, path) for _ in range(3)]
            seconds = statistics.median(s for s, _ in runs[1:])
            print(
                f"  {path}: first {runs[0][0]:.3f} s, then {seconds:.3f} s (median of 2), "
                f"{runs[0][1] / 1e6:.2f} MB, server peak {peak_memory_mb(PORTS['normbook']):.0f} MB",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--formats", nargs="*", default=["md", "html"], help="downloads to fetch")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="normbook-bench-") as scratch:
        for count in args.sizes:
            url = f"sqlite:///{Path(scratch)}/pages-{count}.db"
            synthesis_id = publish(url, count, args.seed)
            print(f"{count:,} practices, synthesis {synthesis_id} published")
            page = f"/syntheses/{synthesis_id}"
            downloads = [f"{page}/report.{fmt}?lang=fr" for fmt in args.formats]
            measure(url, ["/", "/syntheses", page, *downloads])


if __name__ == "__main__":
    main()
