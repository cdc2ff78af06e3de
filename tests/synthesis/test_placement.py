"""One point, one place; points ordered by support; a chapter's overview and the key findings."""

import re
from collections import Counter
from collections.abc import Callable

import pytest
from sqlmodel import Session

from norms.errors import Invalid
from submissions.models import Status
from synthesis.consolidate import grouping
from synthesis.models import Synthesis
from synthesis.render import report
from synthesis.schemas import Format, GroupingEdit
from tests.factories import PRESIDENCY, make_submission
from tests.synthesis.conftest import Practices

MakeSynthesis = Callable[..., Synthesis]
POINT = re.compile(r'<a id="p(\d+)"></a>\*\*\d+\.\*\* \*[^*]+\*\s?: (.+?)(?: \*\(|\s—)')


def _points(markdown: str) -> list[str]:
    return [text for _, text in POINT.findall(markdown)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_practice_of_two_norms_prints_each_point_once_and_refers_to_it(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis, lang: str
) -> None:
    markdown = report.render(session, make_synthesis(), Format.md, lang).decode()
    printed = _points(markdown)
    assert printed, markdown
    assert [t for t, n in Counter(printed).items() if n > 1] == []
    # The French practice serves 13f and 13g: the chapter without its points refers to them.
    line = next(
        x for x in markdown.splitlines() if "French register of operators" in x and "(#p" in x
    )
    for number in re.findall(r"\(#p(\d+)\)", line):
        assert f'<a id="p{number}"></a>' in markdown


def test_a_primary_norm_places_the_points_in_its_chapter(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    make_submission(
        session,
        "ITA",
        Status.published,
        norms=["13g", "13j"],
        primary_norm="13j",
        title="Italian disclosure desk",
        best_practices="- Protect operators' networks",
    )
    synthesis = make_synthesis()
    doc = report.document(session, synthesis, "en")
    texts = {c.code: [p.body.text for s in c.sections for p in s.points] for c in doc.chapters}
    assert "Protect operators' networks" in texts["13j"]
    assert "Protect operators' networks" not in texts["13g"]


def test_a_moved_point_is_replayed_in_its_new_chapter_only(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis()
    placed = {
        norm: [p.key for g in groups for p in g.points]
        for (norm, _), groups in grouping.current(session, PRESIDENCY, synthesis.id or 0).items()
    }
    key = f"{practices.france}.l1"
    origin = next(n for n, keys in placed.items() if key in keys)
    target = "13f" if origin == "13g" else "13g"
    edit = GroupingEdit(op="move", norm=origin, section="lessons_learned", points=[key], to=target)
    grouping.add_edit(session, PRESIDENCY, synthesis.id or 0, edit)
    after = grouping.current(session, PRESIDENCY, synthesis.id or 0)
    where = [
        n for (n, s), groups in after.items() for g in groups for p in g.points if p.key == key
    ]
    assert where == [target]
    doc = report.document(session, synthesis, "en")
    numbers = [p.number for c in doc.chapters for s in c.sections for p in s.points]
    assert numbers == sorted(numbers) and len(numbers) == len(set(numbers))
    bad = GroupingEdit(
        op="move",
        norm="13j",
        section="lessons_learned",
        points=[f"{practices.anonymous}.l1"],
        to="13g",
    )
    with pytest.raises(Invalid) as error:  # the Japanese practice does not serve 13g
        grouping.add_edit(session, PRESIDENCY, synthesis.id or 0, bad)
    assert error.value.field == "to"


def test_points_are_ordered_by_support_then_text(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    doc = report.document(session, make_synthesis(), "en")
    chapter = next(c for c in doc.chapters if c.code == "13g")
    best = chapter.sections[0].points
    assert best[0].lead == "France and Germany"  # two participants come first
    rest = [p.body.text.casefold() for p in best[1:]]
    assert rest == sorted(rest)


@pytest.mark.parametrize(
    ("lang", "stress", "findings", "norm"),
    [
        ("en", "Two participants (France and Germany) stress: “Review", "Key findings", "13(g)"),
        (
            "fr",
            # written in English only: referred to, not quoted in English
            "Deux participants (Allemagne et France) formulent le point exposé au §\u00a0",
            "Principaux constats",
            "13\u00a0g)",  # French typography
        ),
    ],
)
def test_chapters_open_with_an_overview_and_the_report_with_key_findings(
    session: Session,
    practices: Practices,
    make_synthesis: MakeSynthesis,
    lang: str,
    stress: str,
    findings: str,
    norm: str,
) -> None:
    doc = report.document(session, make_synthesis(), lang)
    chapter = next(c for c in doc.chapters if c.code == "13g")
    overview = chapter.overview[0].body.text
    assert stress in overview
    assert doc.labels.key_findings == findings
    text = " ".join(p.body.text for p in doc.key_findings)
    assert norm in text and stress in text
    html = report.render(session, make_synthesis(), Format.html, lang).decode()
    assert 'id="key-findings"' in html and 'class="overview"' in html


def test_the_introduction_states_a_restricted_scope_once(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    doc = report.document(session, make_synthesis(norms=["13g"], participants=["FRA"]), "en")
    intro = " ".join(p.body.text for p in doc.introduction)
    assert "covers norm 13(g) of the eleven" in intro
    assert "those of paragraph 13" not in intro
    assert "attributed practices of France only" in intro
    assert "will inform a synthesis" not in intro
    assert intro.count("not evidence of State practice") == 1


def test_the_demo_sample_prints_no_point_twice_and_every_see_reference_resolves(
    session: Session,
) -> None:
    from api import demo
    from synthesis.freeze import snapshot
    from synthesis.schemas import SynthesisCreate

    demo.load(session, "demo password 1")
    data = SynthesisCreate(title="Sample")
    synthesis = snapshot.create(session, PRESIDENCY, data)
    # Every point of every practice is in exactly one chapter section.
    placed = [
        p.key
        for groups in grouping.current(session, PRESIDENCY, synthesis.id or 0).values()
        for g in groups
        for p in g.points
    ]
    every = [
        point.key
        for practice in snapshot.practices(session, synthesis)
        for points in practice.points.values()
        for point in points
    ]
    assert sorted(placed) == sorted(every)
    for lang in ("en", "fr"):
        markdown = report.render(session, synthesis, Format.md, lang).decode()
        printed = _points(markdown)
        assert len(printed) > 100
        assert [t for t, n in Counter(printed).items() if n > 1] == []
        doc = report.document(session, synthesis, lang)
        chapters = list(doc.chapters)
        assert any(chapter.see for chapter in chapters)
        numbers = {p.number for c in chapters for s in c.sections for p in s.points}
        assert {n for c in chapters for refs in c.see.values() for n in refs} <= numbers
        # Points come by support: no point of fewer participants before one of more.
        for chapter in chapters:
            for section in chapter.sections:
                sizes = [
                    len({s.participant or s.submission_id for s in p.sources})
                    for p in section.points
                ]
                assert sizes == sorted(sizes, reverse=True), chapter.code


@pytest.mark.parametrize(
    ("lang", "opening", "hidden"),
    [
        ("en", "This synthesis draws on ", "were shared without attribution"),
        ("fr", "Cette synthèse s’appuie sur ", "ont été partagées sans attribution"),
    ],
)
def test_key_findings_open_with_words_in_the_reports_language_not_a_figure(
    session: Session,
    practices: Practices,
    make_synthesis: MakeSynthesis,
    lang: str,
    opening: str,
    hidden: str,
) -> None:
    make_submission(session, "ITA", Status.published, norms=["13g"], attribution="anonymised")
    doc = report.document(session, make_synthesis(), lang)
    first = doc.key_findings[0].body.text
    assert first.startswith(opening), first
    assert re.search(r"(?:Of these practices|Parmi ces pratiques), \d+ " + hidden, first), first


def test_paragraph_numbers_are_the_same_in_both_languages(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    # Translated, the two points would sort the other way round in French than in English: the
    # order of the originals stands in both, so that ¶N cites the same point in either report.
    make_submission(
        session,
        "CAN",
        Status.published,
        norms=["13a"],
        title="Zero trust",
        best_practices="- Zero trust for every ministry",
        translation={"title": "Confiance zéro", "best_practices": "- Appliquer la confiance zéro"},
    )
    make_submission(
        session,
        "FRA",
        Status.published,
        norms=["13a"],
        language="fr",
        title="Annuaire",
        best_practices="- Avoir un annuaire des contacts",
        translation={"title": "Directory", "best_practices": "- Keep a directory of contacts"},
    )
    synthesis = make_synthesis()

    def numbered(lang: str) -> list[tuple[int, str, tuple[int, ...]]]:
        doc = report.document(session, synthesis, lang)
        return [
            (p.number, c.code, tuple(s.submission_id for s in p.sources))
            for c in doc.chapters
            for s in c.sections
            for p in s.points
        ]

    assert numbered("en") == numbered("fr")
    doc = report.document(session, synthesis, "fr")
    chapter = next(c for c in doc.chapters if c.code == "13a")
    assert [p.body.text for p in chapter.sections[0].points] == [
        "Avoir un annuaire des contacts",
        "Appliquer la confiance zéro",
    ]
