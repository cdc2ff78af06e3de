"""The public search judged on the labelled relevance set: nDCG@10 and recall@10, printed and
held above a floor (run with -s to read the figures per kind of query)."""

import math
from collections import defaultdict

from sqlmodel import Session, select

from api import demo
from submissions import hybrid, public_version
from submissions.listing import Filters
from submissions.models import Revision, Submission
from tests.submissions.relevance import QUERIES

K = 10


def _demo_ids(session: Session) -> dict[int, int]:
    """Demo practice index -> submission id, through the published titles."""
    demo.load(session, "demo password 1")
    titles = {
        title: id_
        for id_, title in session.exec(
            select(Submission.id, Revision.title).join(
                Revision,
                Submission.published_revision_id == Revision.id,  # type: ignore[arg-type]
            )
        )
    }
    practices = demo.data()["practices"]
    return {i: titles[p["title"]] for i, p in enumerate(practices) if p["title"] in titles}


def _ranked(session: Session, query: str) -> list[int]:
    found = hybrid.find(session, Filters(q=query), public_version.read(session), 1, K)
    return found.ids


def ndcg(found: list[int], expected: set[int]) -> float:
    gain = sum(1 / math.log2(rank + 2) for rank, id_ in enumerate(found[:K]) if id_ in expected)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(K, len(expected))))
    return gain / ideal


def recall(found: list[int], expected: set[int]) -> float:
    return len(set(found[:K]) & expected) / min(K, len(expected))


def test_relevance_set_scores_above_the_floor(session: Session) -> None:
    ids = _demo_ids(session)
    session.commit()
    by_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for kind, query, expected in QUERIES:
        wanted = {ids[i] for i in expected}
        found = _ranked(session, query)
        by_kind[kind].append((ndcg(found, wanted), recall(found, wanted)))
    scores = [score for kind in by_kind.values() for score in kind]
    mean_ndcg = sum(s[0] for s in scores) / len(scores)
    mean_recall = sum(s[1] for s in scores) / len(scores)
    for kind, kind_scores in sorted(by_kind.items()):
        n = len(kind_scores)
        print(
            f"{kind:6} n={n:2} nDCG@10={sum(s[0] for s in kind_scores) / n:.3f} "
            f"recall@10={sum(s[1] for s in kind_scores) / n:.3f}"
        )
    print(f"all    n={len(scores)} nDCG@10={mean_ndcg:.3f} recall@10={mean_recall:.3f}")
    assert len(QUERIES) >= 40
    # Before the hybrid search (full text alone): nDCG@10 0.31, recall@10 0.26 on SQLite.
    assert mean_ndcg >= 0.72
    assert mean_recall >= 0.70
    for kind in ("name", "code", "norm"):
        assert all(score == (1.0, 1.0) for score in by_kind[kind]), kind
