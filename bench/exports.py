"""Peak RSS of a `normbook serve` process answering four open-data exports at once.

.venv/bin/python -m bench.exports --database var/bench-10k.db [--code ../other-checkout]
    [--database-url postgresql://...]
"""

import argparse
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import load

PATHS = ("/export/submissions.csv", "/export/submissions.json") * 2


def _peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=600) as response:
        return len(response.read())


def measure(database: Path, code: Path | None, port: int, database_url: str | None = None) -> None:
    env = load.server_env(database_url or f"sqlite:///{database.resolve()}")
    if code is not None:  # another checkout's code, served from this environment
        env["PYTHONPATH"] = str(code.resolve())
    server = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port)],
        env=env,
        cwd=code or Path.cwd(),  # `-m` puts the working directory first on the path
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        before = _peak_kib(server.pid)
        started = time.monotonic()
        with ThreadPoolExecutor(len(PATHS)) as pool:
            sizes = list(pool.map(_get, [base + p for p in PATHS]))
        seconds = time.monotonic() - started
        peak = _peak_kib(server.pid)
        print(
            f"idle peak RSS {before / 1024:.0f} MB; after 4 exports at once {peak / 1024:.0f} MB; "
            f"{seconds:.1f} s; {sum(sizes) / 2**20:.0f} MB sent"
        )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", type=Path, required=True)
    parser.add_argument("--code", type=Path, default=None)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--port", type=int, default=8731)
    args = parser.parse_args()
    measure(args.database, args.code, args.port, args.database_url)
