"""What the publication job costs for one revision: its points' vectors and its search vector,
encoded as the publish request did before (two calls to the model, the title and summary twice)
and as the job does (one call, each distinct text once). `python -m bench.publication [points]`."""

import statistics
import sys
import time

from submissions import embeddings, point_vectors, publication, vectors
from submissions.markdown import render
from submissions.models import Revision

ROUNDS = 20


def revision(points: int) -> Revision:
    best = "\n".join(
        f"- Share indicators of compromise with partner CERTs, step {i}" for i in range(points)
    )
    lessons = "- Regulators must be involved from the start\n- Exercises find gaps early"
    return Revision(
        id=1,
        submission_id=1,
        number=1,
        title="A national point of contact reachable 24/7",
        summary="How the contact point was set up and kept reachable.",
        body="The agency runs a **contact point** for partner States. " * 20,
        best_practices=best,
        best_practices_html=render(best),
        lessons_learned=lessons,
        lessons_learned_html=render(lessons),
        language="en",
    )


def median_ms(work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        work()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


class _Nothing:
    """A session that keeps nothing: what is measured is the encoding."""

    def get(self, *args: object) -> None:
        return None

    def execute(self, *args: object) -> "_Nothing":
        return self

    def first(self) -> None:
        return None

    def add(self, *args: object) -> None:
        pass


def main() -> None:
    points = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    shown = revision(points)
    session = _Nothing()
    began = time.perf_counter()
    point_vectors.compute(shown.best_practices_html, shown.lessons_learned_html)
    print(f"model load and first encoding: {time.perf_counter() - began:.2f} s")
    before = median_ms(
        lambda: (
            point_vectors.compute(shown.best_practices_html, shown.lessons_learned_html),
            embeddings.encode(vectors.passages(shown)),  # the request did this, title twice
        )
    )
    after = median_ms(lambda: publication.encode(session, shown))  # type: ignore[arg-type]
    print(
        f"{points + 2} points: two calls {before:.1f} ms, one call {after:.1f} ms (median of {ROUNDS})"
    )


if __name__ == "__main__":
    main()
