"""Synthesis benchmark: time and peak memory to freeze, build and render a synthesis of N practices,
as ratios to the time it takes merely to read those rows from SQLite (raw cursor, and ORM objects).

    python -m bench.synthesis                       # 1,000 and 10,000, then 100,000 if the budget allows
    python -m bench.synthesis --sizes 1000 --budget 120 --json var/bench-synthesis.json

Each size gets a fresh SQLite database filled by bulk INSERTs (seeded, so every run sees the same
data): published practices serving one to three norms, a tenth anonymised, a fifth in French, with
best practices and lessons learned drawn from a pool of sentences, some varied by a word, so that
consolidation has near-duplicates to find. The freeze and each format run in a freshly spawned
process, timed there, and measured by that process's peak resident memory. A size is skipped when
the previous one, scaled linearly, would not fit in the remaining budget.
"""

import argparse
import importlib
import json
import multiprocessing
import os
import random
import resource
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from sqlalchemy import insert
from sqlalchemy.orm import configure_mappers
from sqlmodel import Session, select

from api import migrate
from api.db import Database
from bench import procs
from norms import catalogue
from norms.models import Participant
from submissions.access import Actor
from submissions.models import PointVectors, Revision, RevisionNorm, Role, Submission
from synthesis.compose.wording import date_locale, translations
from synthesis.freeze import snapshot
from synthesis.render import html_report, report
from synthesis.schemas import Format, SynthesisCreate

PRESIDENCY = Actor(role=Role.presidency)
NORMS = [f"13{letter}" for letter in "abcdefghijk"]
WORDS = [
    "register",
    "operators",
    "incident",
    "reporting",
    "national",
    "agency",
    "sector",
    "regulators",
    "exercise",
    "annual",
    "contact",
    "point",
    "cooperation",
    "partners",
    "disclosure",
    "researchers",
    "policy",
    "supply",
    "chain",
    "vendors",
    "certification",
    "assessment",
    "risk",
    "training",
    "staff",
    "capacity",
    "building",
    "outreach",
    "region",
    "requests",
    "assistance",
    "response",
    "teams",
    "coordination",
    "legal",
    "framework",
    "data",
    "preservation",
    "prosecutors",
    "privacy",
    "oversight",
    "judicial",
    "authorisation",
    "transparency",
    "statistics",
    "guidance",
    "doctrine",
    "restraint",
]
BATCH = 2000
# Formats rendered per size: PDF lays out every page, so it stops at the smallest sizes.
FORMAT_LIMITS = {Format.md: 10**9, Format.html: 10**9, Format.docx: 1_000, Format.pdf: 1_000}


def sentences(rng: random.Random, count: int) -> list[str]:
    return [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."
        for _ in range(count)
    ]


def bullets(rng: random.Random, pool: list[str], low: int, high: int) -> tuple[str, list[int]]:
    """A list of pooled sentences, half of them with one word changed, and which they are."""
    items, drawn = [], []
    for _ in range(rng.randint(low, high)):
        drawn.append(rng.randrange(len(pool)))
        words = pool[drawn[-1]].split()
        if rng.random() < 0.5:  # a near-duplicate of a pooled sentence
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        items.append(f"<li>{' '.join(words)}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>", drawn


def packed(vectors: Any, drawn: list[int]) -> bytes:
    """The points' vectors as publication keeps them: a near-duplicate takes its pooled
    sentence's (encoding every variant would take minutes at 100,000 practices)."""
    from submissions import point_meaning

    return point_meaning.pack(vectors[drawn])


SECOND_MODEL_POOL = 2_000


def pooled_meaning(pool: list[str]) -> Any:
    """The pool's vectors as `point_meaning` lays them out. The second model encodes the first
    SECOND_MODEL_POOL sentences, and sentence i takes the vector of i modulo that: it is read only
    by the all-pairs clustering of sections of up to 500 points, which larger sizes never have,
    and 20,000 sentences would take it 11 minutes."""
    import numpy as np

    from submissions import embeddings, point_meaning

    rows = np.empty((len(pool), point_meaning.DIMENSIONS), dtype=np.float32)
    rows[:, point_meaning.FIRST] = embeddings.encode(pool)
    second = point_meaning.second(pool[:SECOND_MODEL_POOL])
    rows[:, point_meaning.SECOND] = second[np.arange(len(pool)) % len(second)]
    return rows


def seed(database: Database, count: int, seed_value: int) -> None:
    # numpy is imported by the seeding alone: a render's process, measured, does not need it.
    from submissions import point_meaning

    rng = random.Random(seed_value)
    pool = sentences(rng, max(200, count // 5))
    vectors = pooled_meaning(pool)
    with database.transaction() as session:
        participants = [code for (code,) in session.execute(select(Participant.code))][:60]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with database.writer.begin() as connection:
        for first in range(1, count + 1, BATCH):
            submissions, revisions, links, kept = [], [], [], []
            for sid in range(first, min(first + BATCH, count + 1)):
                moment = start + timedelta(minutes=sid)
                norms = sorted(rng.sample(NORMS, rng.choice((1, 1, 2, 3))))
                submissions.append(
                    {
                        "id": sid,
                        "participant_code": rng.choice(participants),
                        "status": "published",
                        "version": 3,
                        "current_revision_id": sid,
                        "published_revision_id": sid,
                        "created_at": moment,
                        "updated_at": moment,
                        "submitted_at": moment,
                        "published_at": moment,
                    }
                )
                (best, best_drawn), (lessons, lessons_drawn) = (
                    bullets(rng, pool, 1, 4),
                    bullets(rng, pool, 1, 3),
                )
                kept.append(
                    {
                        "revision_id": sid,
                        "model": point_meaning.MODEL,
                        "best_practices": packed(vectors, best_drawn),
                        "lessons_learned": packed(vectors, lessons_drawn),
                    }
                )
                revisions.append(
                    {
                        "id": sid,
                        "submission_id": sid,
                        "number": 1,
                        "created_at": moment,
                        "published_at": moment,
                        "language": "fr" if rng.random() < 0.2 else "en",
                        "title": f"Practice {sid}",
                        "summary": "Summary.",
                        "body": "",
                        "body_html": "",
                        "best_practices": best,
                        "best_practices_html": best,
                        "lessons_learned": lessons,
                        "lessons_learned_html": lessons,
                        "norms": norms,
                        "themes": [],
                        "references": [],
                        "attribution": "anonymised" if rng.random() < 0.1 else "attributed",
                    }
                )
                links += [{"revision_id": sid, "norm_code": code} for code in norms]
            connection.execute(insert(Submission), submissions)
            connection.execute(insert(Revision), revisions)
            connection.execute(insert(RevisionNorm), links)
            connection.execute(insert(PointVectors), kept)


def timed(action: Callable[[], Any], label: str = "") -> tuple[float, Any]:
    began = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - began
    if label:
        print(f"  {label}: {seconds:.2f} s", flush=True)
    return seconds, result


def read_orm(database: Database) -> int:
    with Session(database.reader) as session:
        return len(session.exec(select(Revision)).all())


def in_child(action: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run `action(*args)` in a freshly spawned process; its figures plus `peak_mib`, that
    process's peak resident memory (VmHWM): what the phase run as a command would take, the
    interpreter and the libraries it imports included, and nothing of this process's."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_measured, action, *args).result()


def _measured(action: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    with _Tree() as tree:
        figures = action(*args)
    figures["peak_mib"] = _peak_kib() / 1024
    figures["tree_peak_mib"] = max(tree.peak_kib, _peak_kib()) / 1024
    return figures


class _Tree(threading.Thread):
    """Samples, every half second, the resident memory of this process and of the processes it
    started (a PDF's layout processes): the highest sum is what the command took in all."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kib = 0
        self.done = threading.Event()

    def __enter__(self) -> "_Tree":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.join()

    def run(self) -> None:
        me = os.getpid()
        while not self.done.wait(0.5):
            tree = [me, *procs.descendants(me)]
            self.peak_kib = max(self.peak_kib, sum(procs.status_kib(p, "VmRSS") for p in tree))


def _peak_kib() -> int:
    """This process's peak resident memory. Linux carries ru_maxrss over an exec, so a spawned
    child would report this benchmark's own peak: VmHWM is the child's alone."""
    return procs.status_kib("self", "VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def freeze(url: str) -> dict[str, Any]:
    warm_up(("sklearn.cluster", "sklearn.feature_extraction.text"))
    database = Database(url)
    with Session(database.writer) as session:
        seconds, synthesis = timed(
            lambda: snapshot.create(session, PRESIDENCY, SynthesisCreate(title="Benchmark"))
        )
        synthesis_id = synthesis.id
        session.commit()
    database.dispose()
    return {"s": seconds, "id": synthesis_id}


# A render this quick is timed three times and the best kept, as the reads are: the first also
# pays for compiling the queries and warming the allocator, and the machine is shared.
REPEAT_UNDER_S = 10.0


def render(url: str, synthesis_id: int, fmt: Format, target: Path) -> dict[str, Any]:
    # A PDF's layout runs in processes of its own, which import WeasyPrint (30 MiB): not here.
    warm_up({Format.docx: ("synthesis.render.docx_report",)}.get(fmt, ()))
    database = Database(url)
    runs: list[tuple[float, float, int]] = []
    while len(runs) < 3 and (not runs or runs[0][0] + runs[0][1] < REPEAT_UNDER_S):
        with Session(database.reader) as session:
            synthesis = snapshot.get(session, PRESIDENCY, synthesis_id)
            began = time.perf_counter()
            doc = report.document(session, synthesis, "en")
            build = time.perf_counter() - began
            size = report.write_document(doc, fmt, target)
            runs.append((build, time.perf_counter() - began - build, size))
            del doc
    database.dispose()
    # The document's chapters are composed as the report is written: `build` is what comes before.
    build, seconds, size = min(runs, key=lambda run: run[0] + run[1])
    return {"build_s": build, "s": seconds, "bytes": size, "runs": len(runs)}


def run_size(count: int, seed_value: int, scratch: Path, formats: list[Format]) -> dict[str, Any]:
    database = Database(f"sqlite:///{scratch}/bench-{count}.db")
    migrate.upgrade(database.writer)
    with database.transaction() as session:
        catalogue.load(session)
    seeding, _ = timed(lambda: seed(database, count, seed_value), "seed")
    columns = (
        "id, submission_id, title, language, norms, attribution, best_practices_html, "
        "lessons_learned_html"
    )
    # Best of three reads each: the first also pays for compiling the query and the mappers.
    with database.reader.connect() as connection:
        raw = min(
            timed(lambda: len(connection.exec_driver_sql(f"SELECT {columns} FROM revision").all()))[
                0
            ]
            for _ in range(3)
        )
    orm = min(timed(lambda: read_orm(database))[0] for _ in range(3))
    print(f"  read raw: {raw:.3f} s, read ORM: {orm:.3f} s", flush=True)
    result: dict[str, Any] = {
        "practices": count,
        "seed_s": seeding,
        "read_raw_s": raw,
        "read_orm_s": orm,
    }
    database.dispose()

    url = f"sqlite:///{scratch}/bench-{count}.db"
    frozen = in_child(freeze, url)
    print(
        f"  freeze (snapshot + consolidation): {frozen['s']:.2f} s, "
        f"peak {frozen['peak_mib']:.0f} MiB",
        flush=True,
    )
    result.update(freeze_s=frozen["s"], freeze_peak_mib=frozen["peak_mib"])
    for fmt in formats:
        if count > FORMAT_LIMITS[fmt]:
            continue
        target = scratch / f"report-{count}.{fmt.value}"
        figures = in_child(render, url, frozen["id"], fmt, target)
        tree = figures["tree_peak_mib"]
        others = f" ({tree:.0f} with its layout processes)" if fmt is Format.pdf else ""
        print(
            f"  {fmt.value}: build {figures['build_s']:.2f} s + render {figures['s']:.2f} s, "
            f"peak {figures['peak_mib']:.0f} MiB{others}",
            flush=True,
        )
        result["build_s"] = min(result.get("build_s", figures["build_s"]), figures["build_s"])
        result[f"{fmt.value}_s"] = figures["s"]
        result[f"{fmt.value}_bytes"] = figures["bytes"]
        result[f"{fmt.value}_peak_mib"] = figures["peak_mib"]
        result[f"{fmt.value}_tree_peak_mib"] = tree
    if "html_s" in result:
        # What a download costs: the document built from the stored snapshot, then rendered.
        result["build+html_s"] = result["build_s"] + result["html_s"]
    database.dispose()
    for phase in ("freeze", "build", *(f.value for f in Format), "build+html"):
        if f"{phase}_s" in result:
            result[f"{phase}_x_raw"] = result[f"{phase}_s"] / raw
            result[f"{phase}_x_orm"] = result[f"{phase}_s"] / orm
    return result


def report_table(results: list[dict[str, Any]]) -> str:
    phases = ("freeze", "build", *(f.value for f in Format), "build+html")
    lines = [
        "| practices | read raw | read ORM | phase | seconds | × raw read | × ORM read | peak MiB |",
        "|--:|--:|--:|---|--:|--:|--:|--:|",
    ]
    for r in results:
        for phase in phases:
            if f"{phase}_s" not in r:
                continue
            peak = r.get(f"{phase}_peak_mib")
            tree = r.get(f"{phase}_tree_peak_mib") if phase == Format.pdf.value else None
            lines.append(
                f"| {r['practices']:,} | {r['read_raw_s']:.3f} s | {r['read_orm_s']:.3f} s | {phase} "
                f"| {r[f'{phase}_s']:.2f} | {r[f'{phase}_x_raw']:.0f} | {r[f'{phase}_x_orm']:.1f} "
                f"| {'' if peak is None else f'{peak:.0f}'}{'' if tree is None else f' ({tree:.0f} in all)'} |"
            )
    return "\n".join(lines)


def warm_up(modules: Sequence[str] = ()) -> None:
    """Import what the phase would and load the locale data and catalogues: a running server
    pays this once, not per report."""
    for name in modules:
        importlib.import_module(name)
    configure_mappers()
    html_report.template("report.html")  # compiled once per server
    for lang in ("en", "fr"):
        format_date(datetime(2019, 4, 6), format="long", locale=date_locale(lang))
        format_list(["a", "b"], locale=lang)
        translations(lang)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--budget", type=float, default=900, help="Seconds for the whole run.")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    parser.add_argument(
        "--formats", type=Format, nargs="+", default=list(Format), help="md html docx pdf"
    )
    parser.add_argument(
        "--pdf-up-to",
        type=int,
        default=FORMAT_LIMITS[Format.pdf],
        help="Largest size to render as PDF (about 45 s a 1,000 practices).",
    )
    args = parser.parse_args()
    FORMAT_LIMITS[Format.pdf] = args.pdf_up_to
    began = time.perf_counter()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="normbook-bench-") as scratch:
        for count in sorted(args.sizes):
            spent = time.perf_counter() - began
            if results:
                last = results[-1]
                estimate = last["wall_s"] * count / last["practices"]
                if spent + estimate > args.budget:
                    print(
                        f"skipping {count:,}: about {estimate:.0f} s needed, {args.budget - spent:.0f} s left"
                    )
                    continue
            print(f"{count:,} practices …", flush=True)
            wall, result = timed(
                lambda count=count: run_size(count, args.seed, Path(scratch), args.formats)
            )
            result["wall_s"] = wall
            results.append(result)
    print(report_table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
