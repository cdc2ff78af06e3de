"""A point grouped with others it does not paraphrase is printed in its own words: a report never
credits a participant with words another wrote (`merging.set_apart`, `Group.together`)."""

from collections.abc import Callable
from io import BytesIO

import pytest
from docx import Document as Word
from sqlmodel import Session, select

from norms.errors import Invalid
from submissions.models import Status
from synthesis.consolidate import merging
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
    "fr": "Un point proche d’autres points sans dire la même chose est reproduit dans ses propres",
}


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


def test_a_rewording_or_a_split_central_point_credits_every_point() -> None:
    points = [point("1.l1", "a"), point("2.l1", "b"), point("3.l1", "c")]
    group = Group(list(points), central="1.l1", apart=frozenset({"3.l1"}))
    assert [p.key for p in group.together] == ["1.l1", "2.l1"]
    assert [p.key for p in group.aside] == ["3.l1"]
    # the presidency's wording is written for every point of the group
    group.rewording["en"] = "Consolidated"
    assert group.together == points and group.aside == []
    # set apart from a central point no longer there: nothing to be apart from
    split = merging.apply_edits(
        [Group(list(points), central="1.l1", apart=frozenset({"3.l1"}))],
        [{"op": "split", "norm": "13d", "section": "lessons_learned", "points": ["1.l1"]}],
    )
    assert [p.key for p in split[0].together] == ["2.l1", "3.l1"]


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
