"""Start-up of `normbook serve`: seconds from spawn to a 200 on /healthz, median of several."""

import compileall
import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench.load import FIRST_PORT, stop, wait_ready

BIN = Path(sys.executable).parent
PORT = FIRST_PORT + 3
PACKAGES = ("api", "norms", "submissions", "synthesis", "web")
ROOT = Path(__file__).parent.parent


def once(database: Path, workers: int) -> float:
    env = os.environ | {
        "NORMBOOK_DATABASE_URL": f"sqlite:///{database}",
        "NORMBOOK_SECRET_KEY": "bench-secret-key-not-for-production",
    }
    command = [str(BIN / "normbook"), "serve", "--port", str(PORT), "--workers", str(workers)]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        return wait_ready(f"http://127.0.0.1:{PORT}/healthz", timeout=60)
    finally:
        stop(process)


def measure(
    database: Path, times: int = 5, workers_options: tuple[int, ...] = (1,)
) -> dict[str, float]:
    """Median start-up with one worker (the default); the load test reports it with two.

    The project's bytecode is compiled first, as an installed package's is: an editable install
    with PYTHONDONTWRITEBYTECODE set would otherwise compile every module at each start.
    """
    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)
    figures = {}
    for workers in workers_options:
        runs = [once(database, workers) for _ in range(times)]
        figures[f"workers_{workers}_s"] = round(statistics.median(runs), 2)
        print(
            f"normbook serve --workers {workers}: /healthz after {statistics.median(runs):.2f} s "
            f"(median of {times}; {', '.join(f'{r:.2f}' for r in runs)})"
        )
    return figures
