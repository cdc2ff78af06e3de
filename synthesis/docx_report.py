"""The document as DOCX: Word headings, numbered paragraphs with bookmarks, a real table, links."""

from io import BytesIO

from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from synthesis.document import Document, Link, Paragraph, Point

_LOCALES = {"en": "en-GB", "fr": "fr-FR"}
_MUTED = RGBColor(0x57, 0x60, 0x6A)


def render(doc: Document) -> bytes:
    word = new_docx()
    _setup(word, doc.lang)
    word.core_properties.title = doc.title
    word.core_properties.subject = doc.subtitle
    word.core_properties.language = _LOCALES.get(doc.lang, doc.lang)
    word.core_properties.author = doc.presidency or doc.initiative
    _cover(word, doc)
    word.add_heading(doc.labels.contents, level=1)
    for entry in doc.contents:
        label = f"{entry.label} " if entry.label else ""
        _internal_link(word.add_paragraph(), f"{label}{entry.title}", entry.anchor)
    _heading(word, doc.labels.introduction, "introduction")
    _paragraphs(word, doc.introduction)
    for chapter in doc.chapters:
        _heading(word, f"{chapter.number}. {chapter.heading}", chapter.anchor, page_break=True)
        quote = _styled(word, "Quote")
        quote.add_run(chapter.reference).italic = True
        quote.add_run("\n" + chapter.norm_text)
        _paragraphs(word, chapter.framing)
        if chapter.empty_note:
            word.add_paragraph().add_run(chapter.empty_note).italic = True
        for section in chapter.sections:
            word.add_heading(section.heading, level=2)
            for point in section.points:
                _point(word, doc, point)
        if chapter.practices:
            word.add_heading(doc.labels.practices_drawn_on, level=2)
            for link in chapter.practices:
                _practice(_styled(word, "ListBullet"), link, doc)
    _heading(word, doc.labels.way_forward, "way-forward", page_break=True)
    _paragraphs(word, doc.way_forward)
    _heading(word, doc.labels.annex, "annex", page_break=True)
    word.add_heading(doc.labels.annex_table, level=2)
    _table(word, doc)
    word.add_heading(doc.labels.annex_practices, level=2)
    for link in doc.practices:
        paragraph = _styled(word, "ListBullet")
        _practice(paragraph, link, doc)
        paragraph.add_run(f" — {', '.join(link.norms)}").font.color.rgb = _MUTED
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def _setup(word, lang: str) -> None:  # type: ignore[no-untyped-def]
    normal = word.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), _LOCALES.get(lang, lang))
    normal.element.get_or_add_rPr().append(language)
    numbered = word.styles.add_style("Numbered Paragraph", WD_STYLE_TYPE.PARAGRAPH)
    numbered.base_style = normal
    numbered.paragraph_format.left_indent = Cm(1)
    numbered.paragraph_format.first_line_indent = Cm(-1)
    numbered.paragraph_format.tab_stops.add_tab_stop(Cm(1))
    numbered.paragraph_format.space_after = Pt(6)
    section = word.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)


def _cover(word, doc: Document) -> None:  # type: ignore[no-untyped-def]
    word.add_paragraph(doc.initiative.upper()).runs[0].font.color.rgb = _MUTED
    word.add_heading(doc.title, level=0)
    word.add_paragraph().add_run(doc.subtitle).italic = True
    for line in (doc.presidency, doc.date):
        if line:
            word.add_paragraph(line)
    if doc.draft_note:
        run = word.add_paragraph().add_run(doc.draft_note)
        run.bold = True
        run.font.color.rgb = RGBColor(0xB4, 0x23, 0x18)
    word.add_page_break()


def _heading(word, title: str, anchor: str, page_break: bool = False) -> None:  # type: ignore[no-untyped-def]
    heading = word.add_heading(level=1)
    heading.paragraph_format.page_break_before = page_break
    _bookmark(heading, anchor)
    heading.add_run(title)


def _paragraphs(word, paragraphs: tuple[Paragraph, ...]) -> None:  # type: ignore[no-untyped-def]
    for paragraph in paragraphs:
        out = _styled(word, "NumberedParagraph")
        _bookmark(out, paragraph.anchor)
        out.add_run(f"{paragraph.number}.\t")
        out.add_run(paragraph.body.text)


def _point(word, doc: Document, point: Point) -> None:  # type: ignore[no-untyped-def]
    out = _styled(word, "NumberedParagraph")
    _bookmark(out, point.anchor)
    out.add_run(f"{point.number}.\t")
    out.add_run(point.lead).italic = True
    out.add_run(doc.labels.colon + point.body.text)
    if point.language_note:
        out.add_run(f" ({point.language_note})").font.color.rgb = _MUTED
    out.add_run(" — ")
    for index, source in enumerate(point.sources):
        if index:
            out.add_run(", ")
        _external_link(out, f"#{source.submission_id}", source.url)


def _practice(paragraph: DocxParagraph, link: Link, doc: Document) -> None:
    _external_link(paragraph, f"#{link.submission_id} {link.title}", link.url)
    paragraph.add_run(f" — {link.participant or doc.labels.anonymised}")
    if link.language_note:
        paragraph.add_run(f" ({link.language_note})").font.color.rgb = _MUTED


def _table(word, doc: Document) -> None:  # type: ignore[no-untyped-def]
    header = [doc.labels.participant, *doc.table.columns, doc.labels.practices]
    table = word.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for label, counts, total in doc.table.rows:
        cells = table.add_row().cells
        cells[0].text = label
        for cell, value in zip(cells[1:], [*counts, total], strict=True):
            cell.text = str(value) if value else ""
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for cell in table.rows[-1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


_bookmark_ids = iter(range(1, 10**9))


def _styled(word, style_id: str) -> DocxParagraph:  # type: ignore[no-untyped-def]
    """A paragraph in a style named by id: python-docx's lookup by name scans every style each time."""
    paragraph: DocxParagraph = word.add_paragraph()
    paragraph._p.style = style_id
    return paragraph


def _bookmark(paragraph: DocxParagraph, anchor: str) -> None:
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    number = str(next(_bookmark_ids))
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), _bookmark_name(anchor))
    end.set(qn("w:id"), number)
    paragraph._p.append(start)
    paragraph._p.append(end)


def _bookmark_name(anchor: str) -> str:
    return "_" + anchor.replace("-", "_") if anchor[0].isdigit() else anchor.replace("-", "_")


def _internal_link(paragraph: DocxParagraph, text: str, anchor: str) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), _bookmark_name(anchor))
    link.append(_run(text, is_link=True))
    paragraph._p.append(link)


def _external_link(paragraph: DocxParagraph, text: str, url: str) -> None:
    if not url.startswith(("http://", "https://")):
        paragraph.add_run(text)  # a relative link means nothing inside a Word file
        return
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    link.append(_run(text, is_link=True))
    paragraph._p.append(link)


def _run(text: str, is_link: bool = False):  # type: ignore[no-untyped-def]
    run = OxmlElement("w:r")
    if is_link:
        properties, color, underline = (
            OxmlElement("w:rPr"),
            OxmlElement("w:color"),
            OxmlElement("w:u"),
        )
        color.set(qn("w:val"), "1F3A68")
        underline.set(qn("w:val"), "single")
        properties.extend([color, underline])
        run.append(properties)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    return run
