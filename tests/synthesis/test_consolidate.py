"""Consolidation: splitting sections into points, grouping near-duplicates, replaying edits."""

from pathlib import Path

import numpy as np
import pytest

from norms.errors import Invalid
from submissions.markdown import render
from synthesis.consolidate import similarity
from synthesis.consolidate.evaluation import labelled
from synthesis.consolidate.merging import Group, Point, apply_edits, group
from synthesis.consolidate.similarity import Mix
from synthesis.freeze.points import split

DATA = Path(__file__).parent / "data" / "paraphrases.json"


def points(texts: list[str]) -> list[Point]:
    return [Point(f"{i}.b1", i, text, text, text) for i, text in enumerate(texts)]


def partition(groups: list[Group]) -> set[frozenset[int]]:
    return {frozenset(p.submission_id for p in g.points) for g in groups}


def test_grouping_is_deterministic_and_keeps_the_order_of_first_points() -> None:
    texts, _ = labelled(DATA, "tuning")
    first, second = group(points(texts)), group(points(texts))
    assert [[p.key for p in g.points] for g in first] == [[p.key for p in g.points] for g in second]
    leaders = [g.points[0].submission_id for g in first]
    assert leaders == sorted(leaders)


def test_sections_split_into_list_items_and_paragraphs() -> None:
    html = render(
        "- Review **yearly**\n- Name a [contact](https://example.org)\n\nA closing paragraph."
    )
    fragments = split(html)
    assert [f.text for f in fragments] == [
        "Review yearly",
        "Name a contact",
        "A closing paragraph.",
    ]
    assert fragments[0].markdown == "Review **yearly**"
    assert fragments[1].markdown == "Name a [contact](https://example.org)"
    assert "<strong>yearly</strong>" in fragments[0].html


def test_edits_merge_split_reorder_and_reword() -> None:
    groups = group(points(["alpha policy", "beta register", "gamma exercise"]))
    assert len(groups) == 3
    merged = apply_edits(groups, [{"op": "merge", "points": ["2.b1", "0.b1"]}])
    assert partition(merged) == {frozenset({0, 2}), frozenset({1})}
    reordered = apply_edits(merged, [{"op": "reorder", "points": ["1.b1"]}])
    assert [g.key for g in reordered] == ["1.b1", "2.b1"]
    split_off = apply_edits(reordered, [{"op": "split", "points": ["2.b1"]}])
    assert partition(split_off) == {frozenset({0}), frozenset({1}), frozenset({2})}
    reworded = apply_edits(
        split_off, [{"op": "reword", "points": ["1.b1"], "lang": "fr", "text": "Registre"}]
    )
    assert reworded[0].rewording == {"fr": "Registre"}
    assert groups[0].rewording == {}  # the input is left alone


@pytest.mark.parametrize(
    "edit",
    [
        {"op": "merge", "points": ["0.b1"]},
        {"op": "split", "points": ["0.b1"]},
        {"op": "reword", "points": ["0.b1", "1.b1"], "lang": "en", "text": "x"},
    ],
)
def test_impossible_edits_are_invalid(edit: dict) -> None:
    with pytest.raises(Invalid):
        apply_edits(group(points(["alpha policy", "beta register"])), [edit])


def test_only_pairs_among_each_others_closest_are_mutual_neighbours() -> None:
    close = np.array(
        [
            [1.0, 0.9, 0.8, 0.1],
            [0.9, 1.0, 0.7, 0.6],
            [0.8, 0.7, 1.0, 0.5],
            [0.1, 0.6, 0.5, 1.0],
        ]
    )
    near = similarity.mutual(close, 1)
    assert near.tolist() == [
        [False, True, False, False],
        [True, False, False, False],
        [False, False, False, False],
        [False, False, False, False],
    ]
    # Two closest: 3's are 1 and 2, but neither has 3 among its two.
    assert similarity.mutual(close, 2)[3].tolist() == [False, False, False, False]
    assert similarity.mutual(close, 2)[0].tolist() == [False, True, True, False]


def test_pairs_that_are_not_mutual_neighbours_lose_closeness() -> None:
    texts = ["alpha beta", "alpha gamma", "beta gamma", "delta epsilon", "alpha delta"]
    matrix = similarity.vectors(texts)
    assert matrix is not None
    plain = similarity.closeness(matrix, None, Mix(0.0, 0.5))
    meaning = np.eye(5, 512, dtype=np.float32)
    mix = Mix(0.0, 0.5, neighbours=1, apart=0.3)
    corrected = similarity.closeness(matrix, meaning, mix)
    near = similarity.mutual(plain, 1)
    assert np.allclose(corrected[near], plain[near])
    off = ~near & ~np.eye(5, dtype=bool)
    assert np.allclose(corrected[off], plain[off] - 0.3)
