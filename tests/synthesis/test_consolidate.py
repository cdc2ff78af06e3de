"""Consolidation: splitting sections into points, grouping near-duplicates, replaying edits."""

from pathlib import Path

import pytest

from norms.errors import Invalid
from submissions.markdown import render
from synthesis.consolidate.evaluation import labelled
from synthesis.consolidate.merging import Group, Point, apply_edits, group
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
