"""Time the facet counts of a corpus, per actor and filter set (bench/README.md, "Facets").

python -m bench.facets --database-url sqlite:////tmp/copy-of-bench-100k.db
"""

import argparse
import statistics
import time

from api.db import Database
from submissions.access import ANONYMOUS, Actor
from submissions.facets import facets
from submissions.listing import Filters
from submissions.models import Role

DELEGATION = Actor(user_id=None, role=Role.delegation, participant=("FRA",))
PRESIDENCY = Actor(user_id=None, role=Role.presidency, participant=("FRA",))
CASES = [
    ("public, no filter", ANONYMOUS, Filters()),
    ("public, norm 13a", ANONYMOUS, Filters(norm=("13a",))),
    ("public, norm 13g", ANONYMOUS, Filters(norm=("13g",))),
    ("public, norm 13a + FRA", ANONYMOUS, Filters(norm=("13a",), participant=("FRA",))),
    ("public, q=register", ANONYMOUS, Filters(q="register")),
    ("public, theme + year", ANONYMOUS, Filters(theme=("critical-infrastructure",), year=(2022,))),
    ("delegation FRA, no filter", DELEGATION, Filters()),
    ("delegation FRA, norm 13a", DELEGATION, Filters(norm=("13a",))),
    ("presidency, no filter", PRESIDENCY, Filters()),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    database = Database(args.database_url)
    for name, actor, filters in CASES:
        wall, cpu = [], []
        with database.session(write=False) as session:
            for _ in range(args.runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                facets(session, actor, filters)
                wall.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
        print(
            f"{name:28} first {wall[0] * 1000:7.1f} ms, median {statistics.median(wall) * 1000:7.1f} ms"
            f" (CPU of this process {statistics.median(cpu) * 1000:6.1f} ms)"
        )
    database.dispose()


if __name__ == "__main__":
    main()
