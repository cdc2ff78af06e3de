"""Two checkouts of Normbook served side by side on the same corpus, timed in alternating pairs.

    python -m bench.ab --database var/bench-100k.db --base ../normbook-before \\
        [--endpoints "practice HTML" "norm HTML"] [--pairs 4 --seconds 10]

The machine is shared and noisy: a change is judged by the ratio of each pair, A (the base
checkout, say `git worktree add ../normbook-before HEAD`) and B (this one) timed one right after the
other, alternating which goes first, with the same paths, connections and server settings as
`bench.load`. Both run from this virtual environment, each with its own code on `PYTHONPATH`.
"""

import argparse
import os
import shlex
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path

from bench import brute, load, procs

HERE = Path(__file__).resolve().parent.parent
# The first two of bench.load's ports (NORMBOOK_BENCH_PORT): A/B runs side by side each take their own.
PORTS = {"A": load.FIRST_PORT, "B": load.FIRST_PORT + 1}


def command(port: int, options: str = "") -> list[str]:
    serve = [sys.executable, "-m", "api", "serve", "--workers", "2", "--port", str(port)]
    return serve + shlex.split(options)


def path(root: Path) -> dict[str, str]:
    """The checkout's code first; what PYTHONPATH already held after it."""
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}


def measured(endpoint: load.Endpoint, seconds: int, connections: int) -> load.Result:
    """wrk's figures, and the CPU time the server's processes spent a request meanwhile: a cost
    that a busy machine blurs far less than throughput."""
    tree = load.server_tree(PORTS[endpoint.server])
    before = procs.cpu_seconds(tree)
    result = load.wrk(endpoint, seconds, connections)
    spent = procs.cpu_seconds(tree) - before
    result.cpu_ms = 1000 * spent / max(result.rps * seconds, 1)
    return result


def run(args: argparse.Namespace) -> dict[str, list[tuple[load.Result, load.Result]]]:
    database = Path(args.database).resolve()
    served = args.database_url or f"sqlite:///{database}"
    env = os.environ | {
        "NORMBOOK_DATABASE_URL": served,
        "NORMBOOK_SECRET_KEY": "bench-secret-key-not-for-production",
    }
    env.pop("DATABASE_URL", None)
    checkouts = {"A": Path(args.base).resolve(), "B": HERE}
    options = {"A": args.options_a, "B": args.options_b}
    settings = {"A": args.env_a, "B": args.env_b}
    facts = brute.Facts.load(database)
    chosen = [e for e in load.endpoints(database, facts.sample(50)) if e.name in args.endpoints]
    pairs: dict[str, list[tuple[load.Result, load.Result]]] = {e.name: [] for e in chosen}
    with ExitStack() as stack:
        for side, root in checkouts.items():
            load.PORTS[side] = PORTS[side]
            started = stack.enter_context(
                load.running(
                    side,
                    command(PORTS[side], options[side]),
                    env | path(root) | dict(item.split("=", 1) for item in settings[side]),
                    root,
                )
            )
            print(f"{side} ({root}) answered after {started:.2f} s")
        for side in checkouts:
            sided = [load.Endpoint(e.name, side, e.paths) for e in chosen]
            load.warm(sided)
            for endpoint in sided:
                load.wrk(endpoint, 1, args.connections)
        for number in range(args.pairs):
            order = ("A", "B") if number % 2 == 0 else ("B", "A")
            for endpoint in chosen:
                timed = {
                    side: measured(
                        load.Endpoint(endpoint.name, side, endpoint.paths),
                        args.seconds,
                        args.connections,
                    )
                    for side in order
                }
                pairs[endpoint.name].append((timed["A"], timed["B"]))
                a, b = timed["A"], timed["B"]
                print(
                    f"  pair {number + 1} {endpoint.name}: A {a.rps:.0f} req/s p50/p99"
                    f" {a.p50:.1f}/{a.p99:.1f} ms {a.cpu_ms:.2f} CPU ms | B {b.rps:.0f} req/s"
                    f" p50/p99 {b.p50:.1f}/{b.p99:.1f} ms"
                    f" {b.cpu_ms:.2f} CPU ms | B/A {b.rps / a.rps:.2f}"
                )
    return pairs


def summary(pairs: dict[str, list[tuple[load.Result, load.Result]]]) -> None:
    heads = ("A req/s", "B req/s", "B/A", "A p50", "B p50", "A p99", "B p99", "A tail", "B tail")
    heads += ("A cpu", "B cpu")
    print(f"\n{'endpoint':20}" + "".join(f"{head:>9}" for head in heads))
    for name, runs in pairs.items():
        a_rps = statistics.median(a.rps for a, _ in runs)
        b_rps = statistics.median(b.rps for _, b in runs)
        ratio = statistics.median(b.rps / a.rps for a, b in runs)
        latencies = [
            statistics.median(getattr(result[side], figure) for result in runs)
            for figure in ("p50", "p99")
            for side in (0, 1)
        ]
        # the tail: p99 / p50, the median of the runs' own ratios
        tails = [
            statistics.median(result[side].p99 / result[side].p50 for result in runs)
            for side in (0, 1)
        ]
        cpu = [statistics.median(result[side].cpu_ms for result in runs) for side in (0, 1)]
        figures = (
            f"{a_rps:9.0f}{b_rps:9.0f}{ratio:9.2f}"
            + "".join(f"{ms:9.1f}" for ms in latencies)
            + "".join(f"{value:9.2f}" for value in (*tails, *cpu))
        )
        print(f"{name:20}{figures}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="SQLite file made by bench.generate")
    parser.add_argument("--database-url", help="serve both from this database instead")
    parser.add_argument("--base", required=True, help="the other checkout (A)")
    parser.add_argument(
        "--endpoints",
        nargs="+",
        default=["list by norm HTML", "practice HTML", "norm HTML", "coverage HTML"],
        help="names as bench.load prints them",
    )
    parser.add_argument("--options-a", default="", help="more options of A's `serve`")
    parser.add_argument("--options-b", default="", help="more options of B's `serve`")
    parser.add_argument("--env-a", nargs="*", default=[], help="NAME=VALUE for A's server")
    parser.add_argument("--env-b", nargs="*", default=[], help="NAME=VALUE for B's server")
    parser.add_argument("--pairs", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    summary(run(parser.parse_args()))


if __name__ == "__main__":
    main()
