"""A report speaks its own language: translations, drafts, and marks that never unmask anyone."""

from collections.abc import Callable

import pytest
from sqlmodel import Session

from norms.errors import Invalid
from submissions import translation
from submissions.models import Origin, Status, Submission
from submissions.translators import Apertium, LibreTranslate
from synthesis import service
from synthesis.compose.document import Document
from synthesis.compose.language import shown_point, text_for
from synthesis.consolidate.merging import Point
from synthesis.freeze import snapshot, translated
from synthesis.models import Synthesis, SynthesisItem
from synthesis.render import report
from synthesis.schemas import Format, SynthesisCreate, TextsUpdate, TitleUpdate, TranslationReview
from tests.factories import PRESIDENCY, make_submission
from tests.synthesis.conftest import Practices
from tests.translation_server import libretranslate

__all__ = ["libretranslate"]  # the fixture
Make = Callable[..., Synthesis]
# Not a paraphrase of the anonymised practice's point, so that it stays a point of its own.
CANADA_POINT = "Tenir un registre des failles signalées par les chercheurs"


@pytest.fixture
def canada(session: Session) -> int:
    """An attributed practice written in French, next to the set's anonymised French one."""
    submission = make_submission(
        session,
        "CAN",
        status=Status.published,
        norms=["13j"],
        language="fr",
        title="Registre canadien des vulnérabilités",
        best_practices=f"- {CANADA_POINT}",
        lessons_learned="",
    )
    return submission.id or 0


def points(doc: Document) -> list[tuple[str, str, str | None]]:
    """Every point as (lead, text, language note)."""
    return [
        (point.lead, point.body.text, point.language_note)
        for chapter in doc.chapters
        for section in chapter.sections
        for point in section.points
    ]


def test_point_in_the_report_language_is_printed_as_written() -> None:
    point = Point("1.b1", 1, "<b>x</b>", "**x**", "x", "en", ("y", "y", "y", "machine"))
    wording = text_for(point, "en")
    assert (wording.body.text, wording.language, wording.is_original) == ("x", "en", True)


def test_point_in_the_other_language_is_printed_in_its_translation() -> None:
    point = Point("1.b1", 1, "x", "x", "x", "fr", ("y", "y", "y", "machine"))
    wording = text_for(point, "en")
    assert (wording.body.text, wording.language, wording.is_machine) == ("y", "en", True)
    assert not wording.is_original
    assert not text_for(point._replace(translated=("y", "y", "y", "human")), "en").is_machine


def test_group_prints_its_point_in_the_report_language_else_a_human_translation() -> None:
    french = Point("1.b1", 1, "x", "x", "x", "fr", ("m", "m", "m", "machine"))
    human = Point("2.b1", 2, "y", "y", "y", "fr", ("h", "h", "h", "human"))
    english = Point("3.b1", 3, "z", "z", "z", "en", None)
    assert shown_point([french, human, english], "en") == english
    assert shown_point([french, human], "en") == human
    assert shown_point([french, human._replace(translated=None)], "en") == french


def test_without_translation_attributed_originals_are_marked_and_anonymised_ones_never(
    session: Session, practices: Practices, canada: int, make_synthesis: Make
) -> None:
    synthesis = make_synthesis()
    english = points(report.document(session, synthesis, "en"))
    assert ("Canada", CANADA_POINT, "original in French") in english
    anonymised = [p for p in english if p[0] == "One participant"]
    assert anonymised and all(note is None for _, _, note in anonymised)
    french = points(report.document(session, synthesis, "fr"))
    assert all(note == "original en anglais" for lead, _, note in french if "Allemagne" in lead)
    markdown = report.render(session, synthesis, Format.md, "en").decode()
    assert "Programme de divulgation coordonnée](/practices/" in markdown
    assert f"coordonnée](/practices/{practices.anonymous}) — Anonymised — 13(j)\n" in markdown


def test_translation_by_the_delegation_is_printed_unmarked_and_not_counted(
    session: Session, practices: Practices, make_synthesis: Make
) -> None:
    make_submission(
        session,
        "CAN",
        status=Status.published,
        norms=["13j"],
        language="fr",
        title="Registre canadien",
        best_practices=f"- {CANADA_POINT}",
        translation={
            "title": "Canadian register",
            "best_practices": "- Keep a register of the flaws researchers report",
        },
    )
    synthesis = make_synthesis()
    doc = report.document(session, synthesis, "en")
    assert ("Canada", "Keep a register of the flaws researchers report", None) in points(doc)
    assert "machine translation" not in " ".join(p.body.text for p in doc.introduction)
    markdown = report.render(session, synthesis, Format.md, "en").decode()
    assert "Canadian register](/practices/" in markdown and "Registre canadien" not in markdown


def test_with_a_provider_no_point_is_left_in_the_other_language_and_drafts_are_counted(
    session: Session, practices: Practices, canada: int, make_synthesis: Make, libretranslate: str
) -> None:
    synthesis = make_synthesis()
    made = service.draft_missing(
        session, PRESIDENCY, synthesis.id or 0, LibreTranslate(libretranslate)
    )
    assert made > 0
    for lang, tag, says, marked, anonymous in (
        ("en", "[en] ", "machine translations", "machine translation", "One participant"),
        ("fr", "[fr] ", "traductions automatiques", "traduction automatique", "Un participant"),
    ):
        doc = report.document(session, synthesis, lang)
        shown = points(doc)
        assert any(text.startswith(tag) for _, text, _ in shown)
        # a draft is marked as one, but for an anonymised practice's: that would tell its language
        for lead, text, note in shown:
            assert note == (marked if text.startswith(tag) and lead != anonymous else None)
        assert any(note == marked for _, _, note in shown)
        intro = " ".join(p.body.text for p in doc.introduction)
        count = service.load_source(session, synthesis).machine[lang]
        assert count > 0 and f"{count} " in intro and says in intro


def test_presidency_confirms_a_draft_which_then_is_human_and_no_longer_counted(
    session: Session, practices: Practices, canada: int, make_synthesis: Make, libretranslate: str
) -> None:
    synthesis = make_synthesis()
    service.draft_missing(session, PRESIDENCY, synthesis.id or 0, LibreTranslate(libretranslate))
    before = service.load_source(session, synthesis).machine["en"]
    [draft] = [
        d
        for d in service.drafts(session, PRESIDENCY, synthesis.id or 0)
        if d.submission_id == canada
    ]
    assert set(draft.machine) == {"title", "summary", "best_practices"}
    review = TranslationReview(
        submission_id=canada,
        title="Canadian register",
        best_practices="- Keep a register of the flaws researchers report",
    )
    service.review(session, PRESIDENCY, synthesis.id or 0, review)
    after = service.load_source(session, synthesis).machine["en"]
    assert after == before - 2  # the title and the one point; the summary is still a draft
    row = translation.of(session, draft_revision(session, synthesis, canada))
    assert row is not None and row.origin["best_practices"] == Origin.human
    assert ("Canada", "Keep a register of the flaws researchers report", None) in points(
        report.document(session, synthesis, "en")
    )


def test_a_drafted_title_is_marked_as_one_until_the_presidency_confirms_it(
    session: Session, practices: Practices, canada: int, make_synthesis: Make, libretranslate: str
) -> None:
    synthesis = make_synthesis()
    service.draft_missing(session, PRESIDENCY, synthesis.id or 0, LibreTranslate(libretranslate))

    def cited(submission_id: int) -> tuple[str, str | None]:
        doc = report.document(session, synthesis, "en")
        [link] = [p for p in doc.practices if p.submission_id == submission_id]
        return link.title, link.language_note

    assert cited(canada) == (
        "[en] Registre canadien des vulnérabilités",
        "machine-translated title",
    )
    # the anonymised French practice's drafted title is not marked: that would tell its language
    title, note = cited(practices.anonymous)
    assert title.startswith("[en] ") and note is None
    markdown = report.render(session, synthesis, Format.md, "en").decode()
    assert "— Canada *(machine-translated title)*" in markdown
    review = TranslationReview(
        submission_id=canada, title="Canadian register", best_practices=f"- {CANADA_POINT}"
    )
    service.review(session, PRESIDENCY, synthesis.id or 0, review)
    assert cited(canada) == ("Canadian register", None)


def test_a_title_drafted_before_the_synthesis_is_made_is_frozen_as_a_draft(
    session: Session, practices: Practices, canada: int, libretranslate: str
) -> None:
    submission = session.get(Submission, canada)
    assert submission is not None and submission.current_revision_id is not None
    assert translation.draft(
        session, submission.current_revision_id, LibreTranslate(libretranslate)
    )
    synthesis = snapshot.create(session, PRESIDENCY, SynthesisCreate(title="Drafted first"))
    item = session.get(SynthesisItem, (synthesis.id, canada))
    assert item is not None and item.other_title_machine
    [link] = [
        p for p in report.document(session, synthesis, "en").practices if p.submission_id == canada
    ]
    assert link.language_note == "machine-translated title"


def draft_revision(session: Session, synthesis: Synthesis, submission_id: int) -> int:
    item = session.get(SynthesisItem, (synthesis.id, submission_id))
    assert item is not None
    return item.revision_id


def test_rewritten_translation_must_keep_one_point_per_point(
    session: Session, practices: Practices, canada: int, make_synthesis: Make
) -> None:
    synthesis = make_synthesis()
    review = TranslationReview(submission_id=canada, best_practices="- One\n- Two")
    with pytest.raises(Invalid) as error:
        service.review(session, PRESIDENCY, synthesis.id or 0, review)
    assert error.value.field == "best_practices"


def test_apertium_drafts_make_the_french_report_french(
    session: Session, practices: Practices, make_synthesis: Make
) -> None:
    synthesis = make_synthesis()
    service.draft_missing(session, PRESIDENCY, synthesis.id or 0, Apertium())
    french = points(report.document(session, synthesis, "fr"))
    # nothing left in English; Germany's points are drafts, and marked as such
    assert {note for _, _, note in french} <= {None, "traduction automatique"}
    germany = [(text, note) for lead, text, note in french if "Allemagne" in lead]
    assert any("registre" in text.lower() for text, _ in germany)
    assert all(note == "traduction automatique" for _, note in germany)


def test_the_title_exists_in_both_languages(
    session: Session, practices: Practices, make_synthesis: Make
) -> None:
    synthesis = make_synthesis(title_fr="Synthèse 2026")
    assert report.document(session, synthesis, "fr").title == "Synthèse 2026"
    assert report.document(session, synthesis, "en").title == "Synthesis 2026"
    update = TextsUpdate(title=TitleUpdate(fr="Synthèse de 2026"))
    service.update_texts(session, PRESIDENCY, synthesis.id or 0, update)
    assert report.document(session, synthesis, "fr").title == "Synthèse de 2026"
    assert report.document(session, synthesis, "en").title == "Synthesis 2026"


def test_the_count_of_drafts_leaves_out_the_summary_a_report_never_prints() -> None:
    drafted = {name: Origin.machine for name in ("title", "summary", "best_practices")}
    row = ("en", "Title", "Summary", "<ul><li>One</li><li>Two</li></ul>", "", drafted)
    kept, machine = translated.frozen({"b": [["x"] * 3, ["y"] * 3]}, row)
    assert kept is not None and kept["summary"] == ["Summary", Origin.machine]
    assert machine == 3  # the title and two points
