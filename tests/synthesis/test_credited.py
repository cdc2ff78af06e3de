"""A point grouped with others it does not paraphrase is printed in its own words: a report never
credits a participant with words another wrote (`merging.set_apart`, `Group.together`)."""

from collections.abc import Callable
from io import BytesIO

import pytest
from docx import Document as Word
from sqlalchemy import insert
from sqlmodel import Session, col, delete, select

from norms.errors import Invalid
from submissions.models import Status
from synthesis.compose import layout, source
from synthesis.consolidate import grouping, merging
from synthesis.consolidate.merging import Group, Point
from synthesis.models import Synthesis, SynthesisGrouping
from synthesis.render import report
from synthesis.schemas import Format
from tests.factories import make_submission

# The demo's 13(d): two lessons about formal requests, which the consolidation groups; they are
# not the same lesson, and the second is not the first's participant's.
NEVER_FOLLOWED = (
    "Many preservation requests were never followed by a formal request, which points to a need "
    "for better guidance to requesting States."
)
OFTEN_FAILED = (
    "Formal requests often failed because they did not establish the required link between the "
    "data sought and the offence."
)
ADVISE = "Advise foreign counterparts early on what a formal request must contain to be executed."
EXPLAIN = "Explain to partners the legal threshold that a formal request must meet to be executed."
# What the introduction's method says of them (only for syntheses made since they are set apart).
METHOD = {
    "en": "A point close to others without saying the same thing is printed in its own words",
    "fr": "Un point proche d’autres points sans exprimer la même idée est reproduit dans sa",
}


def two_lessons(session: Session) -> list[int]:
    """Japan's and the United States' practices on 13(d), one of the two lessons each."""
    made = [
        make_submission(session, code, Status.published, norms=["13d"], lessons_learned=f"- {text}")
        for code, text in (("JPN", NEVER_FOLLOWED), ("USA", OFTEN_FAILED))
    ]
    return [submission.id or 0 for submission in made]


def point(key: str, text: str) -> Point:
    return Point(key, int(key.partition(".")[0]), text, text, text, "en")


def test_a_point_grouped_with_one_it_does_not_paraphrase_is_set_apart() -> None:
    texts = [NEVER_FOLLOWED, OFTEN_FAILED, ADVISE, EXPLAIN]
    groups = merging.group([point(f"{n}.l1", text) for n, text in enumerate(texts, 1)])
    found = {tuple(p.key for p in g.points): g for g in groups}
    assert set(found) == {("1.l1", "2.l1"), ("3.l1", "4.l1")}  # both pairs grouped
    lessons, advice = found["1.l1", "2.l1"], found["3.l1", "4.l1"]
    assert lessons.apart == advice.apart == {"2.l1"}  # the section's points set apart
    assert [p.key for p in lessons.together] == ["1.l1"]
    assert [p.key for p in lessons.aside] == ["2.l1"]
    assert advice.aside == [] and len(advice.together) == 2  # paraphrases: one wording for both


def test_a_rewording_credits_every_point_in_its_language() -> None:
    points = [point("1.l1", "a"), point("2.l1", "b"), point("3.l1", "c")]
    group = Group(list(points), central="1.l1", apart=frozenset({"3.l1"}))
    assert [p.key for p in group.together] == ["1.l1", "2.l1"]
    assert [p.key for p in group.aside] == ["3.l1"]
    # the presidency's wording is written for every point of the group, in its language
    group.rewording["en"] = "Consolidated"
    assert group.together_in("en") == points and group.aside_in("en") == []
    assert [p.key for p in group.aside_in("fr")] == ["3.l1"]


def test_a_credit_edit_credits_the_point_it_names_and_no_other() -> None:
    points = [point("1.l1", "a"), point("2.l1", "b"), point("3.l1", "c")]
    group = Group(list(points), central="1.l1", apart=frozenset({"2.l1", "3.l1"}))
    edit = {"op": "credit", "norm": "13d", "section": "lessons_learned", "points": ["3.l1"]}
    (credited,) = merging.apply_edits([group], [edit])
    assert [p.key for p in credited.together] == ["1.l1", "3.l1"]
    assert [p.key for p in credited.aside] == ["2.l1"]
    for named in (["1.l1"], ["2.l1", "3.l1"]):  # credited already; two points at once
        with pytest.raises(Invalid):
            merging.check_edit([group], edit | {"points": named})


@pytest.fixture
def formal_requests(session: Session) -> tuple[int, int]:
    """An anonymised practice and the United States', each with one of the two lessons."""
    anonymous = make_submission(
        session,
        "JPN",
        Status.published,
        norms=["13d"],
        attribution="anonymised",
        title="Police contact point for preservation",
        best_practices="- Keep the contact point reachable at all hours",
        lessons_learned=f"- {NEVER_FOLLOWED}",
    )
    american = make_submission(
        session,
        "USA",
        Status.published,
        norms=["13d"],
        title="Expedited preservation through the 24/7 network",
        best_practices="- Train partner prosecutors on mutual legal assistance",
        lessons_learned=f"- {OFTEN_FAILED}",
    )
    return anonymous.id or 0, american.id or 0


def test_the_freeze_keeps_them_and_every_format_prints_each_point_with_its_own_participant(
    session: Session, formal_requests: tuple[int, int], make_synthesis: Callable[..., Synthesis]
) -> None:
    anonymous, american = formal_requests
    synthesis = make_synthesis()
    row = session.exec(
        select(SynthesisGrouping).where(
            SynthesisGrouping.synthesis_id == synthesis.id,
            SynthesisGrouping.norm == "13d",
            SynthesisGrouping.section == "lessons_learned",
        )
    ).one()
    assert row.groups == [[f"{anonymous}.l1", f"{american}.l1"]]
    assert row.apart == [f"{american}.l1"]

    doc = report.document(session, synthesis, "en")
    chapter = next(c for c in doc.chapters if c.code == "13d")
    (lesson,) = chapter.sections[1].points
    assert (lesson.lead, lesson.body.text) == ("One participant", NEVER_FOLLOWED)
    assert [(said.lead, said.body.text) for said in lesson.also] == [
        ("United States", OFTEN_FAILED)
    ]
    assert [link.submission_id for link in lesson.sources] == sorted([anonymous, american])
    # the overview no longer says two participants made the point
    assert "Two participants" not in chapter.overview[0].body.text
    assert "Each point below was made by a single participant." in chapter.overview[0].body.text
    assert "Two participants" not in " ".join(p.body.text for p in doc.key_findings)
    assert METHOD["en"] in " ".join(p.body.text for p in doc.introduction)

    markdown = report.render_document(doc, Format.md).decode()
    assert f"*One participant*: {NEVER_FOLLOWED} *United States*: {OFTEN_FAILED} — " in markdown
    html = report.render_document(doc, Format.html).decode()
    assert (
        f'<span class="lead">One participant</span>: {NEVER_FOLLOWED} '
        f'<span class="lead">United States</span>: {OFTEN_FAILED} <span class="cites">'
    ) in html
    word = Word(BytesIO(report.render_document(doc, Format.docx)))
    paragraph = next(p.text for p in word.paragraphs if OFTEN_FAILED in p.text)
    assert paragraph.startswith(f"One participant: {NEVER_FOLLOWED} United States: {OFTEN_FAILED}")

    # In French, the American lesson is printed as written, and said to be in English.
    french = report.document(session, synthesis, "fr")
    (lesson,) = next(c for c in french.chapters if c.code == "13d").sections[1].points
    assert lesson.lead == "Un participant"
    (said,) = lesson.also
    assert (said.lead, said.body.text) == ("États-Unis", OFTEN_FAILED)
    assert (said.language, said.language_note) == ("en", "original en anglais")
    assert METHOD["fr"] in " ".join(p.body.text for p in french.introduction)


@pytest.mark.parametrize(
    ("lang", "other"), [("en", "Another participant"), ("fr", "Un autre participant")]
)
def test_a_second_unnamed_participant_is_another_not_one_again(
    session: Session, make_synthesis: Callable[..., Synthesis], lang: str, other: str
) -> None:
    for code, lesson in (("JPN", NEVER_FOLLOWED), ("USA", OFTEN_FAILED)):
        make_submission(
            session,
            code,
            Status.published,
            norms=["13d"],
            attribution="anonymised",
            lessons_learned=f"- {lesson}",
        )
    doc = report.document(session, make_synthesis(), lang)
    (lesson,) = next(c for c in doc.chapters if c.code == "13d").sections[1].points
    assert lesson.lead == ("One participant" if lang == "en" else "Un participant")
    assert [said.lead for said in lesson.also] == [other]


def test_merges_splits_and_credits_give_one_result_whatever_their_order() -> None:
    points = [point(f"{n}.l1", text) for n, text in enumerate("abcd", 1)]
    apart = frozenset({"2.l1", "3.l1"})  # the section's: stored groups share it
    groups = [
        Group(points[:3], central="1.l1", apart=apart),
        Group([points[3]], central="4.l1", apart=apart),
    ]
    section = {"norm": "13d", "section": "lessons_learned"}
    credit = section | {"op": "credit", "points": ["3.l1"]}
    merge = section | {"op": "merge", "points": ["4.l1", "1.l1"]}  # the other group first
    split = section | {"op": "split", "points": ["2.l1"]}
    back = section | {"op": "merge", "points": ["1.l1", "2.l1"]}

    def aside(*edits: dict[str, object]) -> list[list[str]]:
        return [[p.key for p in g.aside] for g in merging.apply_edits(groups, edits)]

    assert aside(credit, merge) == [["2.l1"]]  # a later merge keeps the credit
    assert aside(merge, credit) == [["2.l1"]]
    # split off, it speaks for itself; merged back, it is set apart as it was
    assert aside(split) == [["3.l1"], [], []]
    assert aside(split, back) == [["3.l1", "2.l1"], []]


def test_the_central_point_split_off_takes_no_credit_with_it() -> None:
    points = [point("1.l1", "a"), point("2.l1", "b"), point("3.l1", "c")]
    group = Group(list(points), central="1.l1", apart=frozenset({"3.l1"}))
    split = {"op": "split", "norm": "13d", "section": "lessons_learned", "points": ["1.l1"]}
    rest = merging.apply_edits([group], [split])[0]
    assert [p.key for p in rest.together] == ["2.l1"] and [p.key for p in rest.aside] == ["3.l1"]


def test_an_unnamed_point_beside_a_named_one_never_says_whose_it_is(
    session: Session, make_synthesis: Callable[..., Synthesis]
) -> None:
    """France's named lesson and an anonymised one, France's or Germany's: the same label."""
    leads = []
    for other in ("FRA", "DEU"):
        make_submission(
            session, "FRA", Status.published, norms=["13d"], lessons_learned=f"- {NEVER_FOLLOWED}"
        )
        make_submission(
            session,
            other,
            Status.published,
            norms=["13d"],
            attribution="anonymised",
            lessons_learned=f"- {OFTEN_FAILED}",
        )
        doc = report.document(session, make_synthesis(norms=["13d"]), "en")
        (lesson,) = next(c for c in doc.chapters if c.code == "13d").sections[1].points
        leads.append((lesson.lead, [said.lead for said in lesson.also]))
        session.rollback()
    assert leads == [("France", ["One participant"])] * 2


def test_a_rewording_credits_every_point_in_its_own_language_only(
    session: Session, formal_requests: tuple[int, int], make_synthesis: Callable[..., Synthesis]
) -> None:
    anonymous, _ = formal_requests
    synthesis = make_synthesis()
    synthesis.edits = [
        {
            "op": "reword",
            "norm": "13d",
            "section": "lessons_learned",
            "points": [f"{anonymous}.l1"],
            "lang": "en",
            "text": "Formal requests need better guidance.",
        }
    ]
    found = {}
    for lang in ("en", "fr"):
        doc = report.document(session, synthesis, lang)
        (lesson,) = next(c for c in doc.chapters if c.code == "13d").sections[1].points
        found[lang] = (lesson.lead, [said.lead for said in lesson.also])
    assert found == {
        "en": ("United States and one unnamed participant", []),
        "fr": ("Un participant", ["États-Unis"]),
    }


@pytest.mark.parametrize("edited", [False, True])
def test_the_layout_counts_only_the_credited_participants(
    session: Session,
    formal_requests: tuple[int, int],
    make_synthesis: Callable[..., Synthesis],
    edited: bool,
) -> None:
    anonymous, american = formal_requests
    synthesis = make_synthesis()
    if edited:  # the chapter replayed rather than read as stored
        synthesis.edits = [
            {
                "op": "reorder",
                "norm": "13d",
                "section": "lessons_learned",
                "points": [f"{anonymous}.l1"],
            }
        ]
    found = source.load(session, synthesis)
    ((keys, credited),) = layout.placed_keys(found, "13d", "en")["lessons_learned"]
    assert (keys, credited) == ([f"{anonymous}.l1", f"{american}.l1"], [f"{anonymous}.l1"])
    assert "13d" not in layout.lay_out(found, [("13d", 0)], "en").tops  # no point of two


def test_a_synthesis_without_points_set_apart_keeps_sql_null(
    session: Session, formal_requests: tuple[int, int], make_synthesis: Callable[..., Synthesis]
) -> None:
    """As a backup restores one made before: its method must not claim the rule."""
    synthesis = make_synthesis()
    rows = col(SynthesisGrouping.synthesis_id) == synthesis.id
    kept = [row.model_dump() for row in session.exec(select(SynthesisGrouping).where(rows))]
    session.execute(delete(SynthesisGrouping).where(rows))
    session.execute(insert(SynthesisGrouping), [row | {"apart": None} for row in kept])
    assert not grouping.sets_apart(session, synthesis.id or 0)
