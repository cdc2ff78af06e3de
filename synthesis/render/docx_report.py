"""The document as DOCX on the shipped styles (templates/report.docx): Word headings, paragraphs
numbered by Word's own list numbering, with bookmarks, a contents field Word fills with page
numbers, a table whose header repeats on every page, links, and each run in its language."""

import re
from importlib.resources import files
from io import BytesIO
from shutil import copyfileobj
from tempfile import TemporaryFile
from typing import BinaryIO
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from synthesis.compose import prose
from synthesis.compose.document import Document, Link, Paragraph, Point
from synthesis.compose.prose import refs

_LOCALES = {"en": "en-GB", "fr": "fr-FR"}
_REFERENCE = re.compile("(?:¶|§\u00a0)(\\d+)")
_MUTED = RGBColor(0x57, 0x60, 0x6A)


def render(doc: Document) -> bytes:
    out = BytesIO()
    write(doc, out)
    return out.getvalue()


def write(doc: Document, out: BinaryIO) -> None:
    """Write the DOCX to `out`, its body a few paragraphs at a time: python-docx inserts each
    paragraph by scanning the body, so a whole report in one body would cost quadratic time."""
    template = files("synthesis.render").joinpath("templates", "report.docx").read_bytes()
    word = new_docx(BytesIO(template))
    _setup(word, doc.lang)
    word.core_properties.title = doc.title
    word.core_properties.subject = doc.subtitle
    word.core_properties.language = _LOCALES.get(doc.lang, doc.lang)
    word.core_properties.author = doc.presidency or doc.initiative
    with TemporaryFile() as spool:
        body = _Body(word, spool)
        _cover(word, doc)
        _styled(word, "TOCHeading").add_run(doc.labels.contents)
        _contents(word, doc)
        _heading(body, doc.labels.introduction, "introduction")
        _paragraphs(body, doc.introduction)
        _heading(body, doc.labels.key_findings, "key-findings", page_break=True)
        _paragraphs(body, doc.key_findings)
        for chapter in doc.chapters:
            _heading(body, f"{chapter.number}. {chapter.heading}", chapter.anchor, page_break=True)
            quote = _styled(word, "Quote")
            _external_link(body, quote, chapter.reference, chapter.norm_source_url)
            quote.add_run(f" · {chapter.norm_text_label}").italic = True
            quote.add_run().add_break()
            quote.add_run(chapter.norm_text)
            _paragraphs(body, chapter.framing)
            _paragraphs(body, chapter.overview)
            if chapter.empty_note:
                word.add_paragraph().add_run(chapter.empty_note).italic = True
            for section in chapter.sections:
                word.add_heading(section.heading, level=2)
                for point in section.points:
                    _point(body, doc, point)
                    body.flush()
            if chapter.practices:
                word.add_heading(doc.labels.practices_drawn_on, level=2)
                for link in chapter.practices:
                    item = _styled(word, "ListBullet")
                    _practice(body, item, link, doc)
                    _see(item, doc, chapter.see.get(link.submission_id, ()))
                    body.flush()
        _heading(body, doc.labels.way_forward, "way-forward", page_break=True)
        _paragraphs(body, doc.way_forward)
        _heading(body, doc.labels.annex, "annex", page_break=True)
        word.add_heading(doc.labels.annex_table, level=2)
        _table(word, doc)
        word.add_heading(doc.labels.annex_practices, level=2)
        for link in doc.practices:
            paragraph = _styled(word, "ListBullet")
            _practice(body, paragraph, link, doc)
            paragraph.add_run(f" — {', '.join(link.norms)}").font.color.rgb = _MUTED
            body.flush()
        body.close(out)


class _Body:
    """The document's body, moved out to a spool file as it grows, and the document's
    hyperlinks and bookmarks, numbered as python-docx would number them."""

    def __init__(self, word, spool: BinaryIO) -> None:  # type: ignore[no-untyped-def]
        self.word, self.spool = word, spool
        self.element = word.element.body
        self.links: dict[str, str] = {}
        self.bookmarks = 0
        # What lxml declares on an element written out of its document: the document's own.
        probe = OxmlElement("w:p")
        self.element.insert(0, probe)
        self.declarations = etree.tostring(probe)[len(b"<w:p") : -len(b"/>")]
        self.element.remove(probe)
        self.first_link = len(word.part.rels) + 1

    def flush(self, keep: int = 64) -> None:
        """Write out the finished paragraphs once they are more than `keep`."""
        children = self.element.getchildren()[:-1]  # the last is the section's properties
        if len(children) <= keep and keep:
            return
        for child in children:
            self.spool.write(
                etree.tostring(child, encoding="UTF-8").replace(self.declarations, b"", 1)
            )
            self.element.remove(child)

    def link(self, url: str) -> str:
        """The relationship id of an external link, one per distinct URL."""
        found = self.links.get(url)
        if found is None:
            found = self.links[url] = f"rId{self.first_link + len(self.links)}"
        return found

    def bookmark(self) -> str:
        self.bookmarks += 1
        return str(self.bookmarks)

    def close(self, out: BinaryIO) -> None:
        self.flush(keep=0)
        skeleton = BytesIO()
        self.word.save(skeleton)
        with ZipFile(skeleton) as source, ZipFile(out, "w", ZIP_DEFLATED) as target:
            for name in source.namelist():
                data = source.read(name)
                if name == "word/document.xml":
                    self._document(data, target)
                    continue
                if name == "word/_rels/document.xml.rels":
                    data = data.replace(
                        b"</Relationships>", self._relationships() + b"</Relationships>"
                    )
                target.writestr(name, data)

    def _document(self, skeleton: bytes, target: ZipFile) -> None:
        head, tail = skeleton.split(b"<w:body>", 1)
        with target.open("word/document.xml", "w") as document:
            document.write(head + b"<w:body>")
            self.spool.seek(0)
            copyfileobj(self.spool, document)
            document.write(tail)

    def _relationships(self) -> bytes:
        return "".join(
            f'<Relationship Id="{rid}" Type="{RELATIONSHIP_TYPE.HYPERLINK}" '
            f'Target="{escape(url, {chr(34): "&quot;"})}" TargetMode="External"/>'
            for url, rid in self.links.items()
        ).encode()


def _setup(word, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The document's language (Word checks spelling in it) and page numbers in the footer."""
    locale = _LOCALES.get(lang, lang)
    defaults = word.styles.element.find(qn("w:docDefaults"))
    for properties in (defaults.find(qn("w:rPrDefault")), word.styles["Normal"].element):
        run_properties = properties.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = OxmlElement("w:rPr")
            properties.append(run_properties)
        for old in run_properties.findall(qn("w:lang")):
            run_properties.remove(old)
        run_properties.append(_language(locale))
    footer = word.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)


def _language(locale: str):  # type: ignore[no-untyped-def]
    language = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), locale)
    return language


def _in_language(run, language: str | None, doc: Document) -> None:  # type: ignore[no-untyped-def]
    """Mark a run written in another language than the report's (a French passage in an English
    report), so that Word checks it as that language."""
    if language and language != doc.lang:
        run._r.get_or_add_rPr().append(_language(_LOCALES.get(language, language)))


def _contents(word, doc: Document) -> None:  # type: ignore[no-untyped-def]
    """A TOC field over the level-1 headings. Word and LibreOffice fill in its page numbers when
    fields are updated (Word offers to on opening); until then it shows the entries as links."""
    entries = list(doc.contents)
    for index, entry in enumerate(entries):
        paragraph = _styled(word, "TOC1")
        if index == 0:
            _field_char(paragraph, "begin")
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = ' TOC \\o "1-1" \\h \\z \\u '
            run = OxmlElement("w:r")
            run.append(instruction)
            _append(paragraph, run)
            _field_char(paragraph, "separate")
        label = f"{entry.label} " if entry.label else ""
        _internal_link(paragraph, f"{label}{entry.title}", entry.anchor)
        if index == len(entries) - 1:
            _field_char(paragraph, "end")


def _append(paragraph: DocxParagraph, element: etree._Element) -> None:
    """lxml's stubs let an element take children of its own class only; python-docx mixes them."""
    parent: etree._Element = paragraph._p
    parent.append(element)


def _field_char(paragraph: DocxParagraph, kind: str) -> None:
    run, char = OxmlElement("w:r"), OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # to be updated: the page numbers are not known here
    run.append(char)
    _append(paragraph, run)


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


def _heading(body: _Body, title: str, anchor: str, page_break: bool = False) -> None:
    heading = body.word.add_heading(level=1)
    heading.paragraph_format.page_break_before = page_break
    _bookmark(body, heading, anchor)
    heading.add_run(title)


def _paragraphs(body: _Body, paragraphs: tuple[Paragraph, ...]) -> None:
    for paragraph in paragraphs:
        out = _styled(body.word, "NumberedParagraph")  # numbered by Word: numbering.xml
        _bookmark(body, out, paragraph.anchor)
        _linked_text(out, paragraph.body.text)


def _linked_text(out: DocxParagraph, text: str) -> None:
    """Text whose paragraph references ("¶12", "§ 12") become internal links to them."""
    at = 0
    for found in _REFERENCE.finditer(text):
        if found.start() > at:
            out.add_run(text[at : found.start()])
        _internal_link(out, found.group(0), f"p{found.group(1)}")
        at = found.end()
    if at < len(text):
        out.add_run(text[at:])


def _point(body: _Body, doc: Document, point: Point) -> None:
    out = _styled(body.word, "NumberedParagraph")  # numbered by Word: numbering.xml
    _bookmark(body, out, point.anchor)
    out.add_run(point.lead).italic = True
    out.add_run(doc.labels.colon)
    _in_language(out.add_run(point.body.text), point.language, doc)
    if point.language_note:
        out.add_run(f" ({point.language_note})").font.color.rgb = _MUTED
    out.add_run(" — ")
    for index, source in enumerate(point.sources):
        if index:
            out.add_run(", ")
        _external_link(body, out, f"#{source.submission_id}", source.url)


def _see(out: DocxParagraph, doc: Document, numbers: tuple[int, ...]) -> None:
    """ " (see ¶12 and ¶40)", each an internal link, for points printed in other chapters."""
    if numbers:
        out.add_run(f" ({doc.labels.see} ")
        _linked_text(out, prose.text(refs(numbers, doc.lang, doc.labels.and_), doc.lang))
        out.add_run(")")


def _practice(body: _Body, paragraph: DocxParagraph, link: Link, doc: Document) -> None:
    _external_link(
        body, paragraph, f"#{link.submission_id} {link.title}", link.url, link.language, doc
    )
    paragraph.add_run(f" — {link.participant or doc.labels.anonymised}")
    if link.language_note:
        paragraph.add_run(f" ({link.language_note})").font.color.rgb = _MUTED


def _table(word, doc: Document) -> None:  # type: ignore[no-untyped-def]
    header = [doc.labels.participant, *doc.table.columns, doc.labels.practices]
    table = word.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    header_row = table.rows[0]._tr.get_or_add_trPr()
    header_row.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page
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


def _styled(word, style_id: str) -> DocxParagraph:  # type: ignore[no-untyped-def]
    """A paragraph in a style named by id: python-docx's lookup by name scans every style each time."""
    paragraph: DocxParagraph = word.add_paragraph()
    paragraph._p.style = style_id
    return paragraph


def _bookmark(body: _Body, paragraph: DocxParagraph, anchor: str) -> None:
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    number = body.bookmark()
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), _bookmark_name(anchor))
    end.set(qn("w:id"), number)
    _append(paragraph, start)
    _append(paragraph, end)


def _bookmark_name(anchor: str) -> str:
    return "_" + anchor.replace("-", "_") if anchor[0].isdigit() else anchor.replace("-", "_")


def _internal_link(paragraph: DocxParagraph, text: str, anchor: str) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), _bookmark_name(anchor))
    link.append(_run(text, is_link=True))
    _append(paragraph, link)


def _external_link(
    body: _Body,
    paragraph: DocxParagraph,
    text: str,
    url: str,
    language: str | None = None,
    doc: Document | None = None,
) -> None:
    locale = _LOCALES.get(language, language) if doc and language and language != doc.lang else None
    if not url.startswith(("http://", "https://")):
        run = paragraph.add_run(text)  # a relative link means nothing inside a Word file
        if locale:
            run._r.get_or_add_rPr().append(_language(locale))
        return
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), body.link(url))
    link.append(_run(text, is_link=True, locale=locale))
    _append(paragraph, link)


def _run(text: str, is_link: bool = False, locale: str | None = None):  # type: ignore[no-untyped-def]
    run = OxmlElement("w:r")
    if is_link or locale:
        properties = OxmlElement("w:rPr")
        if is_link:
            color, underline = OxmlElement("w:color"), OxmlElement("w:u")
            color.set(qn("w:val"), "1F3A68")
            underline.set(qn("w:val"), "single")
            properties.extend([color, underline])
        if locale:
            properties.append(_language(locale))
        run.append(properties)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    return run
