"""The synthesis benchmark side by side: another checkout (A) and this one (B) freeze and render the
same seeded corpus, phase by phase, in turns, so that each ratio B/A is taken under the same load.

    python -m bench.synthesis_ab --base ../normbook-before --sizes 10000 [--rounds 2]
    python -m bench.synthesis_ab --base ../normbook-before --sizes 100000 --scratch var/ab

Each checkout seeds its own database with its own `bench.synthesis.seed` (same seed, so the same
practices; a checkout that keeps sentence vectors stores them too), kept under `--scratch` and
reused by later runs. Then, each round, A and B (B first in odd rounds) freeze it, and render the
synthesis they made in each format, every phase in a fresh interpreter started with that checkout's
code on PYTHONPATH (`bench.synthesis._measured`: seconds of the phase, peak resident memory of the
process). Medians of the rounds are printed with the median of the rounds' B/A ratios.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent

SEED = """
from api import migrate
from api.db import Database
from bench import synthesis as b
from norms import catalogue
database = Database({url!r})
migrate.upgrade(database.writer)
with database.transaction() as session:
    catalogue.load(session)
b.seed(database, {count}, {seed})
database.dispose()
"""
# CPU seconds too (imports included, about a second): on a loaded machine they vary far less
# than the elapsed ones. A freeze's include its children's (the process encoding the norms).
FREEZE = """
import json, resource, time
from bench import synthesis as b
cpu = time.process_time()
figures = b._measured(b.freeze, {url!r})
children = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = time.process_time() - cpu + children.ru_utime + children.ru_stime
print(json.dumps(figures | {{"cpu_s": cpu}}))
"""
# Rendered once (`REPEAT_UNDER_S`): the CPU seconds cover every run, and a quick side rendered
# three times beside a slow one rendered once made the ratio meaningless.
RENDER = """
import json, time
from pathlib import Path
from bench import synthesis as b
from synthesis.schemas import Format
b.REPEAT_UNDER_S = 0.0
cpu = time.process_time()
figures = b._measured(b.render, {url!r}, {synthesis_id}, Format({fmt!r}), Path({target!r}))
print(json.dumps(figures | {{"cpu_s": time.process_time() - cpu}}))
"""


def child(root: Path, code: str) -> dict[str, Any]:
    """Run `code` in a fresh interpreter with `root`'s code first on the path; its last line of
    output, as JSON."""
    env = os.environ | {"PYTHONPATH": str(root)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, check=True, capture_output=True, text=True
    )
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def run_size(
    count: int, checkouts: dict[str, Path], scratch: Path, formats: list[str], rounds: int
) -> dict[str, list[dict[str, Any]]]:
    """Per phase, per round, A's and B's figures."""
    urls = {}
    for side, root in checkouts.items():
        path = scratch / f"{side}-{count}.db"
        urls[side] = f"sqlite:///{path}"
        if not path.exists():
            began = time.perf_counter()
            child(root, SEED.format(url=urls[side], count=count, seed=2019))
            print(f"  {side}: seeded in {time.perf_counter() - began:.0f} s", flush=True)
    phases: dict[str, list[dict[str, Any]]] = {"freeze": [], **{fmt: [] for fmt in formats}}
    for number in range(rounds):
        order = ("A", "B") if number % 2 == 0 else ("B", "A")
        made = {}
        runs: dict[str, dict[str, Any]] = {"freeze": {}}
        for side in order:
            runs["freeze"][side] = child(checkouts[side], FREEZE.format(url=urls[side]))
            made[side] = runs["freeze"][side]["id"]
        for fmt in formats:
            runs[fmt] = {}
            for side in order:
                target = scratch / f"{side}-{count}.{fmt}"
                code = RENDER.format(
                    url=urls[side], synthesis_id=made[side], fmt=fmt, target=str(target)
                )
                runs[fmt][side] = child(checkouts[side], code)
        for phase, pair in runs.items():
            phases[phase].append(pair)
            print(f"  round {number + 1} {phase}: {line(pair)}", flush=True)
    return phases


def seconds(figures: dict[str, Any]) -> float:
    """A phase's seconds: a render's build and writing together (what a download costs)."""
    return float(figures["s"] + figures.get("build_s", 0.0))


def line(pair: dict[str, dict[str, Any]]) -> str:
    a, b = pair["A"], pair["B"]
    return (
        f"A {seconds(a):.2f} s ({a['cpu_s']:.2f} CPU), {a['peak_mib']:.0f} MiB | "
        f"B {seconds(b):.2f} s ({b['cpu_s']:.2f} CPU), {b['peak_mib']:.0f} MiB | "
        f"B/A {seconds(b) / seconds(a):.2f} ({b['cpu_s'] / a['cpu_s']:.2f} CPU)"
    )


def table(results: dict[int, dict[str, list[dict[str, Any]]]]) -> str:
    lines = [
        "| practices | phase | A s | B s | B/A | A CPU s | B CPU s | B/A CPU | A peak MiB "
        "| B peak MiB |",
        "|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for count, phases in results.items():
        for phase, pairs in phases.items():

            def median(side: str, key: str, pairs: list[Any] = pairs) -> float:
                return statistics.median(
                    seconds(p[side]) if key == "s" else p[side][key] for p in pairs
                )

            ratio = statistics.median(seconds(p["B"]) / seconds(p["A"]) for p in pairs)
            cpu = statistics.median(p["B"]["cpu_s"] / p["A"]["cpu_s"] for p in pairs)
            lines.append(
                f"| {count:,} | {phase} | {median('A', 's'):.2f} | {median('B', 's'):.2f} "
                f"| {ratio:.2f} | {median('A', 'cpu_s'):.2f} | {median('B', 'cpu_s'):.2f} "
                f"| {cpu:.2f} | {median('A', 'peak_mib'):.0f} | {median('B', 'peak_mib'):.0f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="The other checkout (A).")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--formats", nargs="+", default=["md", "html"])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--scratch", type=Path, default=HERE / "var" / "synthesis-ab")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    args = parser.parse_args()
    args.scratch.mkdir(parents=True, exist_ok=True)
    checkouts = {"A": Path(args.base).resolve(), "B": HERE}
    results = {}
    for count in args.sizes:
        print(f"{count:,} practices …", flush=True)
        results[count] = run_size(
            count, checkouts, args.scratch.resolve(), args.formats, args.rounds
        )
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
