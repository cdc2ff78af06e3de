"""A synthesis keeps its points and consolidation: rendering splits and compares nothing again."""

import random
from collections.abc import Callable

import numpy as np
import pytest
from sqlalchemy import null, update
from sqlmodel import Session, col, delete, select

from submissions import embeddings, points
from submissions.markdown import render
from synthesis.consolidate import grouping, similarity
from synthesis.consolidate.merging import ALL_PAIRS_LIMIT, Point, group
from synthesis.freeze import practice, revisions
from synthesis.models import Synthesis, SynthesisGrouping
from synthesis.render import report
from synthesis.schemas import Format
from tests.factories import PRESIDENCY
from tests.synthesis.conftest import Practices

MakeSynthesis = Callable[..., Synthesis]


def test_grouping_is_stored_and_rendering_recomputes_nothing(
    session: Session,
    practices: Practices,
    make_synthesis: MakeSynthesis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    synthesis = make_synthesis()
    register = [f"{practices.france}.b1", f"{practices.germany}.b1"]
    assert register in grouping.stored(session, synthesis.id or 0, "13g")["best_practices"]
    before = report.render(session, synthesis, Format.md, "en")

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed again at report time")

    monkeypatch.setattr(similarity, "vectors", forbidden)
    monkeypatch.setattr(practice, "split", forbidden)
    session.expire_all()
    assert report.render(session, synthesis, Format.md, "en") == before


def test_grouping_is_stored_a_row_per_norm_and_section_with_its_size(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis()
    query = select(SynthesisGrouping).where(SynthesisGrouping.synthesis_id == synthesis.id)
    rows = {(row.norm, row.section): row for row in session.exec(query)}
    assert {norm for norm, _ in rows} <= {"13f", "13g", "13j"}
    # One point, one place: each point is stored in one chapter only.
    keys = [key for row in rows.values() for group in row.groups for key in group]
    assert len(keys) == len(set(keys)) > 0
    assert all(row.size == len(row.groups) for row in rows.values())
    assert rows[("13g", "best_practices")].size == 2  # the registers, and staff training
    assert synthesis.has_grouping


@pytest.mark.usefixtures("practices")
def test_points_placed_a_few_at_a_time_go_where_placing_them_all_at_once_puts_them(
    session: Session, make_synthesis: MakeSynthesis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The freeze reads the sentence vectors of PLACED_AT_ONCE unplaced points at a time."""

    def stored(synthesis: Synthesis) -> list[tuple[str, str, list[list[str]]]]:
        query = select(
            SynthesisGrouping.norm, SynthesisGrouping.section, SynthesisGrouping.groups
        ).where(SynthesisGrouping.synthesis_id == synthesis.id)
        return sorted(
            (norm, section, list(groups)) for norm, section, groups in session.exec(query)
        )

    whole = stored(make_synthesis())
    calls: list[int] = []
    place = revisions.placement.place
    monkeypatch.setattr(
        revisions.placement, "place", lambda *args: calls.append(len(args[3])) or place(*args)
    )
    monkeypatch.setattr(revisions, "PLACED_AT_ONCE", 1)
    assert stored(make_synthesis()) == whole
    assert len(calls) > 1 and set(calls) == {1}  # the practice serving two norms has points


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_synthesis_made_before_groupings_were_kept_renders_the_same(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis, lang: str
) -> None:
    synthesis = make_synthesis(include_empty_norms=True)
    synthesis.edits = [
        {
            "op": "split",
            "norm": "13g",
            "section": "best_practices",
            "points": [f"{practices.germany}.b1"],
        }
    ]
    rows = col(SynthesisGrouping.synthesis_id) == synthesis.id
    # made before points were set apart too: their rule is not in its method
    session.execute(update(SynthesisGrouping).where(rows).values(apart=null()))
    expected = report.render(session, synthesis, Format.md, lang)
    session.execute(delete(SynthesisGrouping).where(rows))
    synthesis.has_grouping = False
    assert report.render(session, synthesis, Format.md, lang) == expected
    sections = grouping.current(session, PRESIDENCY, synthesis.id or 0, "13g")
    assert [len(g.points) for g in sections[("13g", "best_practices")]] == [1, 1, 1]


def test_edits_apply_to_the_stored_grouping(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis()
    synthesis.edits = [
        {
            "op": "split",
            "norm": "13g",
            "section": "best_practices",
            "points": [f"{practices.germany}.b1"],
        },
        {
            "op": "reword",
            "norm": "13g",
            "section": "lessons_learned",
            "points": [f"{practices.germany}.l1"],
            "lang": "fr",
            "text": "Prévoir le budget du registre.",
        },
    ]
    doc = report.document(session, synthesis, "fr")
    chapter = next(c for c in doc.chapters if c.code == "13g")
    best, lessons = chapter.sections
    assert [p.lead for p in best.points if "register of operators" in p.body.text] == [
        "France",
        "Allemagne",
    ]
    assert "Prévoir le budget du registre." in [p.body.text for p in lessons.points]


def _sentence(rng: random.Random, vocabulary: list[str]) -> str:
    return " ".join(rng.sample(vocabulary, 10)) + "."


def test_large_sections_still_merge_near_duplicates_and_keep_distinct_points_apart() -> None:
    rng = random.Random(7)
    vocabulary = [f"term{i}" for i in range(4000)]
    originals = [_sentence(rng, vocabulary) for _ in range(ALL_PAIRS_LIMIT)]
    texts = list(originals)
    twins = {}
    for i in range(0, len(originals), 10):  # every tenth point comes back with one word changed
        words = originals[i].split()
        words[3] = "different"
        twins[len(texts)] = i
        texts.append(" ".join(words))
    # Word salads mean nothing to a sentence encoder: the twins' vectors are their originals'
    # with a little noise, the others' random (nearly orthogonal).
    noise = np.random.default_rng(7)
    meaning = noise.normal(size=(len(texts), embeddings.DIMENSIONS)).astype(np.float32)
    for twin, original in twins.items():
        meaning[twin] = meaning[original] + 0.2 * meaning[twin]
    meaning /= np.linalg.norm(meaning, axis=1, keepdims=True)
    points = [Point(f"{i}.b1", i, t, t, t) for i, t in enumerate(texts)]
    found = group(points, meaning=meaning)
    together = {p.submission_id: g.key for g in found for p in g.points}
    assert all(together[twin] == together[original] for twin, original in twins.items())
    assert len(found) == len(originals)  # no distinct point was merged with another
    assert all(g.central_key in {p.key for p in g.points} for g in found)
    again = group(points, meaning=meaning)
    assert [[p.key for p in g.points] for g in again] == [[p.key for p in g.points] for g in found]


@pytest.mark.parametrize(
    "markdown",
    [
        "- Review **yearly**\n- Name a [contact](https://example.org/?a=1&b=2)\n\nA closing paragraph.",
        "1. a & b < c\n2. `x*y` _em_ H<sub>2</sub>O\n\nText with  \nbreak",
        "- outer\n    - inner\n- two",
        "Plain paragraph.\n\n> quoted\n\n### Heading",
    ],
)
def test_the_quick_splitter_agrees_with_the_html_parser(markdown: str) -> None:
    html = render(markdown)
    parser = points._Splitter()
    parser.feed(html)
    parser.close()
    expected = [(f.markdown, f.text) for f in parser.fragments if f.text]
    assert [(f.markdown, f.text) for f in points.split(html)] == expected
