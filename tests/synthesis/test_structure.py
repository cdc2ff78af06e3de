"""How a synthesis is built: chapter order, numbering, contents, annex, languages, formats."""

import re
from collections.abc import Callable
from io import BytesIO

import docx
import pypdf
from babel.messages.extract import extract_from_dir
from sqlmodel import Session

from submissions.models import Status
from synthesis.compose.wording import translations
from synthesis.models import Synthesis
from synthesis.render import report
from synthesis.schemas import Format
from tests.factories import make_submission
from tests.synthesis.conftest import Practices

MakeSynthesis = Callable[..., Synthesis]


def test_chapters_follow_paragraph_13_order_and_number_from_one(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    doc = report.document(session, make_synthesis(include_empty_norms=True), "en")
    assert [c.code for c in doc.chapters] == [f"13{letter}" for letter in "abcdefghijk"]
    assert [c.number for c in doc.chapters] == list(range(1, 12))
    empty = [c.code for c in doc.chapters if c.empty_note]
    assert empty == ["13a", "13b", "13c", "13d", "13e", "13h", "13i", "13k"]


def test_a_norm_filter_keeps_only_those_chapters(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    doc = report.document(session, make_synthesis(norms=["norm 7"]), "en")
    assert [c.code for c in doc.chapters] == ["13g"]
    assert {link.submission_id for link in doc.practices} == {practices.france, practices.germany}


def test_paragraphs_are_numbered_once_each_in_reading_order(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis()
    doc = report.document(session, synthesis, "en")
    numbers = [p.number for p in doc.introduction] + [p.number for p in doc.key_findings]
    for chapter in doc.chapters:
        numbers += [p.number for p in chapter.framing] + [p.number for p in chapter.overview]
        numbers += [p.number for s in chapter.sections for p in s.points]
    numbers += [p.number for p in doc.way_forward]
    assert numbers == list(range(1, len(numbers) + 1))
    markdown = report.render(session, synthesis, Format.md, "en").decode()
    assert re.findall(r'<a id="p(\d+)"></a>\*\*(\d+)\.\*\*', markdown) == [
        (str(n), str(n)) for n in numbers
    ]


def test_table_of_contents_links_to_every_chapter(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis()
    doc = report.document(session, synthesis, "en")
    anchors = [entry.anchor for entry in doc.contents]
    assert anchors == [
        "introduction",
        "key-findings",
        "norm-13f",
        "norm-13g",
        "norm-13j",
        "way-forward",
        "annex",
    ]
    html = report.render(session, synthesis, Format.html, "en").decode()
    for anchor in anchors:
        assert f'href="#{anchor}"' in html
        assert html.count(f'id="{anchor}"') == 1


def test_annex_counts_equal_the_data(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    doc = report.document(session, make_synthesis(), "en")
    assert doc.table.columns == ("13(f)", "13(g)", "13(j)")
    assert doc.table.rows == (
        ("France", (1, 1, 0), 1),
        ("Germany", (0, 1, 0), 1),
        ("Not attributed", (0, 0, 1), 1),
        ("Total", (1, 2, 1), 3),
    )


def test_markdown_is_byte_identical_every_time(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis()
    for lang in ("en", "fr"):
        first = report.render(session, synthesis, Format.md, lang)
        session.expire_all()
        assert report.render(session, synthesis, Format.md, lang) == first


def test_french_report_translates_generated_text_and_flags_english_practices(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis()
    french = report.render(session, synthesis, Format.md, "fr").decode()
    english = report.render(session, synthesis, Format.md, "en").decode()
    for text in (
        "Bonnes pratiques",
        "Enseignements tirés",
        "Annexe",
        "Non attribuées",
        "Norme 13\u00a0g)\u00a0:",
    ):
        assert text in french
    assert re.search(
        r"\d{1,2}(er)?[ \u00a0](janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}",
        french,
    )
    assert "French register of operators](/practices/" in french
    assert "(original en anglais)" in french
    # The anonymised practice is written in French: saying so would narrow down who wrote it.
    assert "original in French" not in english
    assert "original in English" not in english


def test_every_generated_string_has_a_french_translation() -> None:
    french = translations("fr")
    messages = [
        message
        for _, _, message, *_ in extract_from_dir(
            "synthesis",
            method_map=[("**.py", "python")],
            keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
        )
    ]
    assert len(messages) > 30
    for message in messages:
        if isinstance(message, tuple):
            assert french.ngettext(message[0], message[1], 2) != message[1], message
        elif message not in {"Introduction", "Page", "Participant", "Total"}:
            assert french.gettext(message) != message, message


def test_docx_has_word_headings_numbered_paragraphs_and_the_annex_table(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    doc = report.document(session, make_synthesis(), "en")
    word = docx.Document(BytesIO(report.render_document(doc, Format.docx)))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in word.paragraphs if p.style.name == "TOC Heading"] == ["Contents"]
    assert headings[0] == "Introduction"
    assert "2. Norm 13(g): Protect critical infrastructure" in headings
    numbered = [p.text for p in word.paragraphs if p.style.name == "Numbered Paragraph"]
    assert not numbered[0].startswith("1.")  # Word numbers them (test_docx.py)
    assert any("France and Germany: Review the register of operators" in t for t in numbered)
    table = word.tables[0]
    assert [c.text for c in table.rows[-1].cells] == ["Total", "1", "2", "1", "3"]


def test_pdf_has_a_cover_contents_and_every_chapter(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    doc = report.document(session, make_synthesis(), "fr")
    reader = pypdf.PdfReader(BytesIO(report.render_document(doc, Format.pdf)))
    pages = [page.extract_text() for page in reader.pages]
    assert "Synthesis 2026" in pages[0] and "Sommaire" not in pages[0]
    assert "Sommaire" in pages[1]
    text = "\n".join(pages)
    for chapter in doc.chapters:
        assert chapter.heading.split("\u00a0")[0] in text
    assert pages[1].rstrip().endswith("\n2")  # page numbers from the second page on


def test_key_findings_name_each_norm_no_named_participant_served_once(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    make_submission(session, "DEU", Status.published, norms=["13c"], attribution="anonymised")
    doc = report.document(session, make_synthesis(), "en")
    findings = " ".join(p.body.text for p in doc.key_findings)
    # 13(j) holds only the set's anonymised practice
    assert "No named participant contributed on norms 13(c) and 13(j)." in findings
    # said in that sentence, not again among the figures
    assert "Named participants per norm: 13(f): 1; 13(g): 2." in findings
