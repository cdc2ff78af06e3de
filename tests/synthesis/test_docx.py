"""The Word report as an editor opens it: Word's own paragraph numbering, a contents field with
page numbers once updated, a table header repeated on each page, runs in their language. Checked
in the document's XML, then in what LibreOffice prints after updating the fields."""

import re
import shutil
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from zipfile import ZipFile

import pypdf
import pytest
from docx import Document
from docx.shared import Cm
from sqlmodel import Session

from norms.participants import un_member_codes
from submissions.models import Status
from synthesis.models import Synthesis
from synthesis.render import docx_table, report
from synthesis.schemas import Format
from tests.factories import make_submission
from tests.synthesis.conftest import Practices
from tests.synthesis.office import to_pdf

MakeSynthesis = Callable[..., Synthesis]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _parts(data: bytes) -> dict[str, str]:
    with ZipFile(BytesIO(data)) as archive:
        return {
            f"word/{name}.xml": archive.read(f"word/{name}.xml").decode()
            for name in ("document", "styles", "numbering", "settings")
        }


def _numbers(doc: object) -> list[int]:
    """The paragraph numbers of the document model, in reading order."""
    numbers = [p.number for p in doc.introduction]  # type: ignore[attr-defined]
    numbers += [p.number for p in doc.key_findings]  # type: ignore[attr-defined]
    for chapter in doc.chapters:  # type: ignore[attr-defined]
        numbers += [p.number for p in chapter.framing]
        numbers += [p.number for p in chapter.overview]
        numbers += [point.number for section in chapter.sections for point in section.points]
    return numbers + [p.number for p in doc.way_forward]  # type: ignore[attr-defined]


def test_docx_numbers_paragraphs_with_word_numbering(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis()
    data = report.render(session, synthesis, Format.docx, "en")
    parts = _parts(data)
    # one list, "1." then a tab, that the numbered paragraph style uses
    numbering = parts["word/numbering.xml"]
    number_id = re.search(
        r'w:styleId="NumberedParagraph".*?<w:numId w:val="(\d+)"/>', parts["word/styles.xml"], re.S
    )[1]
    abstract = re.search(
        rf'<w:num w:numId="{number_id}"[^>]*>\s*<w:abstractNumId w:val="(\d+)"', numbering
    )[1]
    level = re.search(
        rf'<w:abstractNum[^>]*w:abstractNumId="{abstract}".*?</w:abstractNum>', numbering, re.S
    )[0]
    assert '<w:lvlText w:val="%1."/>' in level and '<w:numFmt w:val="decimal"/>' in level
    # as many numbered paragraphs as the report numbers, none typing its number
    document = parts["word/document.xml"]
    numbered = re.findall(r'<w:pStyle w:val="NumberedParagraph"/>.*?</w:p>', document, re.S)
    doc = report.document(session, synthesis, "en")
    assert _numbers(doc) == list(range(1, len(numbered) + 1))
    assert not any(re.search(r"<w:t[^>]*>\d+\.\t", p) for p in numbered)


def test_docx_has_a_contents_field_repeated_headers_and_languages(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    parts = _parts(report.render(session, make_synthesis(), Format.docx, "en"))
    document = parts["word/document.xml"]
    assert re.search(r'<w:instrText[^>]*> TOC \\o "1-1" \\h \\z \\u </w:instrText>', document)
    assert document.count('w:fldCharType="begin"') == document.count('w:fldCharType="end"')
    assert '<w:updateFields w:val="true"/>' in parts["word/settings.xml"]
    first_row = re.search(r"<w:tbl>.*?</w:tr>", document, re.S)[0]
    assert "<w:tblHeader/>" in first_row
    # the report's language by default, French for the practice written in French
    assert re.search(r'<w:docDefaults>.*?<w:lang w:val="en-GB"', parts["word/styles.xml"], re.S)
    french_runs = re.findall(
        r'<w:r>(?:(?!</w:r>).)*?<w:lang w:val="fr-FR".*?</w:r>', document, re.S
    )
    assert any("Publier une politique de divulgation claire" in run for run in french_runs)
    assert any("Programme de divulgation coordonnée" in run for run in french_runs)
    assert not any("Review the register" in run for run in french_runs)


def test_docx_keeps_a_chapters_practices_together_with_their_heading(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    word = Document(BytesIO(report.render(session, make_synthesis(), Format.docx, "en")))
    lists: list[list[bool | None]] = []
    current: list[bool | None] | None = None
    for paragraph in word.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            current = [] if paragraph.text == "Practices drawn on" else None
            if current is not None:
                lists.append(current)
        elif current is not None and paragraph.style.name == "List Bullet":
            current.append(paragraph.paragraph_format.keep_with_next)
    assert len(lists) > 1 and any(len(items) > 1 for items in lists)
    # each item keeps with the next but the last, which the next chapter's page break follows
    assert all(items == [True] * (len(items) - 1) + [False] for items in lists)


def test_docx_properties_carry_the_reports_date_and_authors_not_the_templates(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis()
    properties = Document(
        BytesIO(report.render(session, synthesis, Format.docx, "fr"))
    ).core_properties
    issued = report.document(session, synthesis, "fr").issued
    assert properties.created.date() == properties.modified.date() == issued
    assert properties.comments == "Initiative du G7 sur les normes cyber"
    assert "python-docx" not in properties.comments + properties.last_modified_by
    assert properties.language == "fr-FR"


def test_docx_annex_columns_fit_their_contents_and_a_report_without_norms_renders(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    data = report.render(session, make_synthesis(), Format.docx, "en")
    [table] = Document(BytesIO(data)).tables
    widths = [column.width for column in table.columns]
    # stored in twentieths of a point: within one of them
    assert abs(widths[0] - docx_table.NAME) < 635 and abs(widths[-1] - docx_table.TOTAL) < 635
    assert len(set(widths[1:-1])) == 1  # the norms share the rest of the page's 17 cm
    assert abs(sum(widths) - Cm(17)) < 635 * len(widths)
    assert table.rows[1].cells[0].paragraphs[0].runs[0].font.size == docx_table.FONT
    document = _parts(data)["word/document.xml"]
    # in the schema's order, or Word calls the file corrupt
    assert re.search(
        r'<w:tblLayout w:type="fixed"/><w:tblCellMar>.*?</w:tblCellMar><w:tblLook', document
    )
    nothing = make_synthesis(participants=["ITA"])  # no practice, so no norm's column
    [empty] = Document(BytesIO(report.render(session, nothing, Format.docx, "en"))).tables
    assert len(empty.columns) == 2


@pytest.fixture
def many_participants(session: Session, practices: Practices) -> None:
    """A participant table longer than a page."""
    for code in un_member_codes()[:70]:
        if code not in {"FRA", "DEU", "JPN"}:
            make_submission(
                session, code, Status.published, norms=["13a"], title=f"Practice {code}"
            )


def test_libreoffice_shows_numbering_contents_pages_and_repeated_header(
    session: Session,
    many_participants: None,
    make_synthesis: MakeSynthesis,
    tmp_path: Path,
) -> None:
    assert shutil.which("soffice"), "LibreOffice is missing: run ./scripts/install-browser-deps"
    synthesis = make_synthesis()
    doc = report.document(session, synthesis, "fr")
    path = tmp_path / "report.docx"
    path.write_bytes(report.render(session, synthesis, Format.docx, "fr"))
    pdf = pypdf.PdfReader(to_pdf(path, tmp_path))
    pages = [" ".join(page.extract_text().split()) for page in pdf.pages]  # lines joined
    # the contents, updated: each chapter's page number is the page its heading is on
    contents = pages[1]
    assert "Sommaire" in contents
    chapters = list(doc.chapters)
    assert chapters
    for chapter in chapters:
        title = " ".join(f"{chapter.number}. {chapter.heading}".split())
        entry = re.search(re.escape(title) + r"[. ]*(\d+)", contents)
        assert entry, title
        landed = [n for n, text in enumerate(pages, 1) if n > 2 and text.startswith(title)]
        assert landed == [int(entry[1])], title
    # Word's numbering, printed: the first point of the first chapter carries its number
    point = chapters[0].sections[0].points[0]
    text = "\n".join(pages)
    assert re.search(rf"(?<!\d){point.number}\. {re.escape(point.lead)}", text)
    # the annex table is longer than a page and its header starts each page it is on
    header = re.compile(r"Participant\s*13\s*a\)")
    on = [n for n, page in enumerate(pages) if "Contributions par participant" in page]
    assert on
    assert header.search(pages[on[0]]) and header.search(pages[on[0] + 1])
