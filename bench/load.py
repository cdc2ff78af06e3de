"""Bounded load test: Normbook against a bare FastAPI endpoint and Datasette, in interleaved rounds.

    python -m bench.load --database var/bench-100k.db

Starts the three servers on 127.0.0.1 (Normbook with `normbook serve --workers 2`), checks that list
and search results match a brute-force answer, measures the SQLite FTS5 floor, then runs wrk with 32
connections against each endpoint, round after round, and prints medians and ratios.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import brute, peer, procs, stress

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent
# Four ports from NORMBOOK_BENCH_PORT (start-up uses the fourth): runs side by side on one machine
# each take their own.
FIRST_PORT = int(os.environ.get("NORMBOOK_BENCH_PORT", "8731"))
PORTS = {"normbook": FIRST_PORT, "bare": FIRST_PORT + 1, "datasette": FIRST_PORT + 2}
PROBES = {"bare": "/", "datasette": "/-/versions.json"}  # the cheapest path; Normbook's: /healthz
NORMS = [f"13{letter}" for letter in "abcdefghijk"]
STRESSED = ("list by norm JSON", "practice HTML", "list by norm HTML")  # bench/stress.py
# The search floors, ranked queries in SQLite alone: the (ORDER BY rank), the app's own
# query, and the on the index of every revision.
FLOORS = {
    "fts_floor": ("public_fts", "rank"),
    "fts_floor_as_asked": ("public_fts", "rank, rowid DESC"),
    "fts_floor_all_revisions": ("revision_fts", "rank"),
}
QUERIES = [
    "register",
    "incident response",
    "vulnerab",
    "supply chain",
    "ransomware",
    "coordinated disclosure",
    "critical infrastructure",
    "exercise",
    "tabletop scenario",
    "hotline",
    "privacy rights",
    "botnet",
    "certification",
    "coopération",
    "rançongiciel",
    "divulgation",
    "chaîne approvisionnement",
    "sensibilisation",
    "gender inclusion",
    "mutual legal",
    "cloud provider",
    "treaty",
    "forensic evidence",
    "escalation crisis",
    "curriculum",
    "memorandum",
    "doctrine",
    "youth outreach",
    "élection",
    "hébergeur",
    "restraint",
    "board",
]


@dataclass
class Endpoint:
    name: str
    server: str
    paths: list[str]
    peer: str | None = None  # the Datasette endpoint serving the same data


@dataclass
class Result:
    rps: float
    p50: float
    p99: float
    errors: int
    cpu_ms: float = 0.0  # the server's CPU time a request (bench.ab)


def serve_commands(database: Path) -> dict[str, list[str]]:
    """The bare app is served as `normbook serve --workers 2` serves Normbook (`api.serving`)."""
    metadata = peer.write_metadata(database, Path(tempfile.gettempdir()) / "normbook-bench.json")
    port = {name: ["--port", str(number)] for name, number in PORTS.items()}
    return {
        "normbook": [str(BIN / "normbook"), "serve", "--workers", "2", *port["normbook"]],
        "bare": [
            *(sys.executable, "-m", "api.serving", "bench.bare:create_app", "--workers", "2"),
            *port["bare"],
        ],
        "datasette": [
            *(_tool("datasette"), "serve", str(database), "--metadata", str(metadata)),
            *(*port["datasette"], "--setting", "suggest_facets", "off"),
        ],
    }


def _tool(name: str) -> str:
    """This environment's command, else the one on PATH (Datasette may live in its own)."""
    mine = BIN / name
    return str(mine) if mine.exists() else shutil.which(name) or str(mine)


def wait_ready(url: str, timeout: float = 90) -> float:
    start = time.perf_counter()
    # One client: a new one per poll costs ~50 ms of CPU (its TLS context), taken from the server.
    with httpx.Client(timeout=1) as client:
        while time.perf_counter() - start < timeout:
            try:
                if client.get(url).status_code == 200:
                    return time.perf_counter() - start
            except httpx.HTTPError:
                pass
            time.sleep(0.02)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@contextmanager
def running(
    name: str, command: list[str], env: dict[str, str], cwd: Path = HERE.parent
) -> Iterator[float]:
    """Start a server, yield how long it took to answer, stop it."""
    log = open(Path(tempfile.gettempdir()) / f"normbook-bench-{name}-{PORTS[name]}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        command,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=cwd,
        start_new_session=True,  # its own process group: the workers stop with it
    )
    try:
        yield wait_ready(f"http://127.0.0.1:{PORTS[name]}{PROBES.get(name, '/healthz')}")
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group, SIGKILL if it has not exited within 20 s."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def server_tree(port: int) -> list[int]:
    """The processes of the server started with `--port <port>`, its workers included."""
    pids = subprocess.run(["pgrep", "-f", "--", f"--port {port}"], capture_output=True, text=True)
    found = [p for pid in pids.stdout.split() for p in [int(pid), *procs.descendants(pid)]]
    return list(dict.fromkeys(found))  # forked workers match the pattern too


def peak_memory_mb(port: int) -> float:
    """The highest resident set of any process listening on the port's server tree."""
    return max((procs.status_kib(pid, "VmHWM") for pid in server_tree(port)), default=0) / 1024


def wrk(endpoint: Endpoint, seconds: int, connections: int) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as paths:
        paths.write("\n".join(endpoint.paths) + "\n")
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    command += ["-s", str(HERE / "rotate.lua"), f"http://127.0.0.1:{PORTS[endpoint.server]}"]
    out = subprocess.run([*command, "--", paths.name], capture_output=True, text=True).stdout
    os.unlink(paths.name)
    drain(endpoint.server)
    return parse_wrk(out)


def drain(server: str, quick: float = 0.05, limit: float = 120) -> None:
    """Wait until the server answers its cheapest request quickly again: requests wrk sent just
    before it stopped are still being answered, and must not be timed as the next endpoint's."""
    path = PROBES.get(server, "/healthz")
    deadline = time.perf_counter() + limit
    with httpx.Client(base_url=f"http://127.0.0.1:{PORTS[server]}", timeout=limit) as client:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            client.get(path)
            if time.perf_counter() - start < quick:
                return


def parse_wrk(out: str) -> Result:
    rps, p50, p99, errors = 0.0, 0.0, 0.0, 0
    for line in out.splitlines():
        words = line.split()
        if line.startswith("Requests/sec:"):
            rps = float(words[1])
        elif words[:1] == ["50%"]:
            p50 = _ms(words[1])
        elif words[:1] == ["99%"]:
            p99 = _ms(words[1])
        elif "Non-2xx" in line or line.strip().startswith("Socket errors"):
            errors += sum(int(w.strip(",")) for w in words if w.strip(",").isdigit())
    return Result(rps, p50, p99, errors)


def _ms(value: str) -> float:
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if value.endswith(unit):
            return float(value[: -len(unit)]) * factor
    return float(value)


def endpoints(database: Path, sample: list[int]) -> list[Endpoint]:
    db = database.stem
    fts = [brute.fts_expression(q) for q in QUERIES]
    query = httpx.QueryParams
    return [
        Endpoint("bare JSON", "bare", ["/"]),
        Endpoint(
            "list by norm JSON",
            "normbook",
            [f"/api/v1/submissions?{query(norm=n, page_size=50)}" for n in NORMS],
            "datasette list JSON",
        ),
        Endpoint(
            "search JSON",
            "normbook",
            [f"/api/v1/submissions?{query(q=q)}" for q in QUERIES],
            "datasette search JSON",
        ),
        Endpoint(
            "hybrid search HTML",
            "normbook",
            [f"/search?{query(q=q)}" for q in QUERIES],
            "datasette search JSON",
        ),
        Endpoint(
            "list by norm HTML",
            "normbook",
            [f"/search?{query(norm=n)}" for n in NORMS],
            "datasette list HTML",
        ),
        Endpoint("practice HTML", "normbook", [f"/practices/{i}" for i in sample]),
        Endpoint("norm HTML", "normbook", [f"/norms/{n}" for n in NORMS]),
        Endpoint("coverage HTML", "normbook", ["/coverage"]),
        Endpoint(
            "datasette list JSON",
            "datasette",
            [f"/{db}/practices_by_norm.json?{query(norm=n, _shape='objects')}" for n in NORMS],
        ),
        Endpoint(
            "datasette search JSON",
            "datasette",
            [f"/{db}/search.json?{query(q=q, _shape='objects')}" for q in fts],
        ),
        Endpoint(
            "datasette list HTML",
            "datasette",
            [f"/{db}/practices_by_norm?{query(norm=n)}" for n in NORMS],
        ),
    ]


def warm(chosen: list[Endpoint], passes: int = 3) -> None:
    """Fetch every path a few times on fresh connections, so that each worker has computed its
    per-process aggregates (facets, totals, coverage) before anything is timed."""
    start = time.perf_counter()
    for endpoint in chosen:
        if endpoint.server in PROBES:  # not Normbook
            continue
        base = f"http://127.0.0.1:{PORTS[endpoint.server]}"
        for _ in range(passes):
            for path in endpoint.paths:
                httpx.get(base + path, timeout=120)
    print(f"warmed every path {passes} times in {time.perf_counter() - start:.0f} s")


def available(endpoint: Endpoint) -> bool:
    url = f"http://127.0.0.1:{PORTS[endpoint.server]}{endpoint.paths[0]}"
    return httpx.get(url, timeout=30).status_code == 200


def server_env(database_url: str) -> dict[str, str]:
    """The environment Normbook is served with: this database, a fixed key, nothing of the tests'."""
    env = os.environ | {
        "NORMBOOK_DATABASE_URL": database_url,
        "NORMBOOK_SECRET_KEY": "bench-secret-key-not-for-production",
    }
    env.pop("DATABASE_URL", None)
    return env


def run(args: argparse.Namespace) -> dict[str, object]:
    database = Path(args.database).resolve()
    served = args.database_url or f"sqlite:///{database}"
    env = server_env(served)
    report: dict[str, object] = {"normbook_database": served.split("@")[-1]}
    commands = serve_commands(database)
    with ExitStack() as stack:
        startup = {name: stack.enter_context(running(name, commands[name], env)) for name in PORTS}
        report["startup_s"] = round(startup["normbook"], 2)
        print(f"normbook serve --workers 2 answered after {startup['normbook']:.2f} s")
        facts = brute.Facts.load(database)
        # PostgreSQL ranks with ts_rank_cd, not bm25: only its lists are compared (same seed, same rows).
        checked = QUERIES if served.startswith("sqlite") else []
        report["checks"] = brute.check(
            f"http://127.0.0.1:{PORTS['normbook']}", facts, NORMS, checked
        )
        for key, (table, order) in FLOORS.items():
            floor = brute.fts_floor(database, QUERIES, cores=2, table=table, order=order)
            report[key] = floor
            print(
                f"SQLite FTS5 floor ({table}, ORDER BY {order}): "
                f"{floor['ms_per_query']:.2f} ms a query, "
                f"{floor['rps']:.0f} req/s on 2 cores; {floor['rps_measured']:.0f} req/s measured "
                "in 2 processes side by side"
            )
        listed = endpoints(database, facts.sample(50))
        if args.only:
            listed = [e for e in listed if any(word in e.name for word in args.only)]
        chosen = [e for e in listed if available(e)]
        skipped = {e.name for e in listed} - {e.name for e in chosen}
        if skipped:
            print("not served (skipped):", ", ".join(sorted(skipped)))
        warm(chosen)
        for endpoint in chosen:  # and the connection pools
            wrk(endpoint, 1, args.connections)
        results: dict[str, list[Result]] = {e.name: [] for e in chosen}
        for round_ in range(args.rounds):
            shift = round_ % len(chosen)
            for endpoint in chosen[shift:] + chosen[:shift]:
                result = wrk(endpoint, args.seconds, args.connections)
                results[endpoint.name].append(result)
                print(
                    f"  round {round_ + 1} {endpoint.name}: {result.rps:.0f} req/s, "
                    f"p50 {result.p50:.1f} ms, p99 {result.p99:.1f} ms, {result.errors} errors"
                )
        if args.stress:
            fast = [e for e in chosen if e.name in STRESSED]
            report["wide"] = stress.wide(fast, args.seconds)
            report["mixed"] = stress.mixed(fast, args.seconds, args.connections)
        report["peak_memory_mb"] = {n: round(peak_memory_mb(PORTS[n])) for n in PORTS}
    report["endpoints"] = summarise(chosen, results)
    print_table(report)
    return report


def summarise(
    chosen: list[Endpoint], results: dict[str, list[Result]]
) -> dict[str, dict[str, float]]:
    medians = {
        name: {
            "rps": statistics.median(r.rps for r in runs),
            "p50_ms": statistics.median(r.p50 for r in runs),
            "p99_ms": statistics.median(r.p99 for r in runs),
            "errors": sum(r.errors for r in runs),
        }
        for name, runs in results.items()
    }
    bare = medians.get("bare JSON", {}).get("rps")
    for endpoint in chosen:
        row = medians[endpoint.name]
        if bare:
            row["vs_bare"] = row["rps"] / bare
        if endpoint.peer in medians and medians[endpoint.peer]["rps"]:
            row["vs_datasette"] = row["rps"] / medians[endpoint.peer]["rps"]
    return medians


def print_table(report: dict[str, object]) -> None:
    rows: dict[str, dict[str, float]] = report["endpoints"]  # type: ignore[assignment]
    print(f"\n{'endpoint':24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs bare':>8} {'vs DS':>7}")
    for name, row in rows.items():
        ratio_bare = f"{row['vs_bare']:.1%}" if "vs_bare" in row else ""
        ratio_ds = f"{row['vs_datasette']:.1f}x" if "vs_datasette" in row else ""
        flag = f"  ({row['errors']:.0f} errors)" if row["errors"] else ""
        print(
            f"{name:24} {row['rps']:8.0f} {row['p50_ms']:8.1f} {row['p99_ms']:8.1f} "
            f"{ratio_bare:>8} {ratio_ds:>7}{flag}"
        )
    search = rows.get("search JSON")
    if search:
        floors: dict[str, dict[str, float]] = {key: report[key] for key in FLOORS}  # type: ignore[misc]
        print(
            f"search vs SQLite FTS5 floor: {search['rps'] / floors['fts_floor']['rps']:.0%} of the "
            f"public index's ({search['rps'] / floors['fts_floor']['rps_measured']:.0%} of it "
            f"measured in 2 processes), {search['rps'] / floors['fts_floor_as_asked']['rps']:.0%} "
            "of the app's own query alone, "
            f"{search['rps'] / floors['fts_floor_all_revisions']['rps']:.0%} of the index of "
            "every revision's"
        )
    for key, title in (("wide", "at 256 connections"), ("mixed", "with exports mixed in")):
        runs: dict[str, dict[str, float]] = report.get(key, {})  # type: ignore[assignment]
        for name, row in runs.items():
            slow = (
                f", {row['slow_requests']:.0f} exports ({row['slow_5xx']:.0f} 5xx)"
                if "slow_requests" in row
                else ""
            )
            print(
                f"{name} {title}: {row['rps']:.0f} req/s, p50 {row['p50_ms']:.1f} ms, "
                f"p99 {row['p99_ms']:.1f} ms, {row['errors']:.0f} errors{slow}"
            )
    print(f"peak memory (MB): {report['peak_memory_mb']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="SQLite file made by bench.generate")
    parser.add_argument(
        "--database-url",
        help="serve Normbook from this database instead (the same corpus, e.g. on PostgreSQL); "
        "Datasette and the brute-force answers keep the SQLite file",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--only",
        nargs="+",
        help="the endpoints whose name holds one of these words (e.g. search)",
    )
    parser.add_argument(
        "--no-stress",
        dest="stress",
        action="store_false",
        help="leave out the runs at 256 connections and with exports mixed in",
    )
    args = parser.parse_args()
    report = run(args)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
