"""The report as A4 PDF, laid out by WeasyPrint a part at a time.

WeasyPrint keeps every laid-out page of a document until it is written (about 2.3 MB a page: a
1,000-practice report took 678 MiB in one piece). So the body is cut into parts of bounded size,
preferably where a page break falls anyway; each part is laid out and written to a file alone, and
its pages are copied into the output before the next part is laid out (`pdf_join`). Page numbers
run on from part to part; the contents are laid out last, with the page each entry landed on; the
outline and the link targets of every part are gathered into the joined file."""

from collections.abc import Iterable, Iterator
from html import escape
from itertools import chain
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import BinaryIO

from synthesis.compose.document import Chapter, Document
from synthesis.render import html_parts, html_report, pdf_layout

# HTML a part holds at most (a block more): about 8 pages. Twice that took as long and 40 MiB more
# in the layout process (10,000 practices: 173 s either way, 305 against 261 MiB in all).
PART_CHARS = 40_000
LIST_ITEMS = 100


def write(doc: Document, out: BinaryIO, base_url: str = "") -> None:
    """A cover, a table of contents with page numbers, numbered pages and an outline."""
    from synthesis.render import pdf_join  # with pikepdf, imported when a PDF is made

    joiner = pdf_join.Joiner(out)
    anchors = pdf_join.Anchors()
    headings: list[pdf_layout.Heading] = []
    with TemporaryDirectory(prefix="normbook-pdf-") as scratch, pdf_layout.Layouts() as layouts:
        path = Path(scratch) / "part.pdf"
        # Laid out once with wide numbers, only to know on which page the body starts.
        front_pages = _lay_out(layouts, doc, None, base_url, 1, path).pages
        body_pages = 0
        for body in _parts(doc):
            laid = _lay_out(layouts, doc, body, base_url, front_pages + body_pages + 1, path)
            joiner.add(str(path))
            for heading in laid.headings:
                heading.page += body_pages
            anchors.add(laid.anchors, body_pages)
            headings += laid.headings
            body_pages += laid.pages
        entries = {entry.anchor for entry in doc.contents}
        folios = {a.name: str(front_pages + a.page + 1) for a in anchors if a.name in entries}
        front = _lay_out(layouts, doc, None, base_url, 1, path, folios)
        joiner.add(str(path), front.links, first=True)
    anchors.shift(front.pages)
    for heading in headings:
        heading.page += front.pages
    everywhere = chain(front.anchors, anchors)
    joiner.finish(doc.title, doc.lang, everywhere, front.headings + headings)


def _parts(doc: Document) -> Iterator[str]:
    """The body's HTML in parts: cut before a block that starts a page once a part holds a
    quarter of its size, and before any block once it is full."""
    held: list[str] = []
    size = 0
    for starts_page, html in _blocks(doc):
        if held and (size >= PART_CHARS or (starts_page and size >= PART_CHARS // 4)):
            yield "".join(held)
            held, size = [], 0
        held.append(html)
        size += len(html)
    if held:
        yield "".join(held)


def _blocks(doc: Document) -> Iterator[tuple[bool, str]]:
    """The body as (starts a page, HTML) blocks, each of which can begin a part: a heading is
    kept with what follows it, a list is cut into short lists."""
    labels = doc.labels
    paragraphs = html_parts.paragraphs
    yield True, _section("introduction", labels.introduction, paragraphs(doc.introduction))
    # The section holds its heading alone: an anchor on a box split over pages lands on its last.
    yield True, _section("key-findings", labels.key_findings, "")
    yield False, paragraphs(doc.key_findings)
    for chapter in doc.chapters:
        # What composing the chapter freed goes back before its parts are laid out, while the
        # layout process holds memory of its own.
        pdf_layout.release()
        yield from _chapter(doc, chapter)
        del chapter  # not kept while the next one is composed: two would be held at once
    yield True, _section("way-forward", labels.way_forward, paragraphs(doc.way_forward))
    table = html_report.template("_table.html").render(doc=doc)
    annex = f'<h3 id="annex-table">{escape(labels.annex_table)}</h3>\n{table}'
    yield True, _section("annex", labels.annex, annex, "chapter annex")
    annex_list = html_parts.practice_list(doc, LIST_ITEMS)
    yield from _list(labels.annex_practices, "annex-practices", annex_list)


def _chapter(doc: Document, chapter: Chapter) -> Iterator[tuple[bool, str]]:
    colon = escape(doc.labels.colon)
    cites: dict[int, str] = {}
    leads: dict[str, str] = {}
    head = html_parts.chapter_head(chapter)
    yield True, f'<section id="{chapter.anchor}" class="chapter norm">{head}</section>\n'
    for section in chapter.sections:
        heading = f"<h3>{escape(section.heading)}</h3>\n"
        for item in section.points:
            yield False, heading + html_parts.point(item, colon, cites, leads, doc.lang)
            heading = ""
    drawn_on = html_parts.items(doc, chapter.practices, LIST_ITEMS, see=chapter.see)
    kind = "practices drawn-on" if chapter.keeps_practices_whole else "practices"
    yield from _list(doc.labels.practices_drawn_on, None, drawn_on, kind)


def _section(anchor: str, heading: str, body: str, kind: str = "chapter") -> str:
    return f'<section id="{anchor}" class="{kind}">\n<h2>{escape(heading)}</h2>\n{body}</section>\n'


def _list(
    heading: str, anchor: str | None, chunks: Iterable[str], kind: str = "practices"
) -> Iterator[tuple[bool, str]]:
    chunks = iter(chunks)
    first = next(chunks, None)
    if first is None:
        return
    anchored = f' id="{anchor}"' if anchor else ""
    yield False, f'<h3{anchored}>{escape(heading)}</h3>\n<ul class="{kind}">{first}</ul>\n'
    for chunk in chunks:
        yield False, f'<ul class="{kind}">{chunk}</ul>\n'


def _lay_out(
    layouts: pdf_layout.Layouts,
    doc: Document,
    body: str | None,
    base_url: str,
    first_page: int,
    path: Path,
    folios: dict[str, str] | None = None,
) -> pdf_layout.Laid:
    """Lay out the front matter (`body` None) or a part of the body, write it to `path` and keep
    where its anchors, headings and contents links landed, in pages of the whole report."""
    if body is None and folios is None:  # the probe of the front: wide numbers
        folios = dict.fromkeys((entry.anchor for entry in doc.contents), "8888")
    html = html_report.template("report_part.html").render(
        doc=doc,
        css=html_report.css(),
        page_css=_page_css(doc.title, body is None, first_page),
        front=body is None,
        body=body,
        folios=folios,
    )
    return layouts.lay_out(html, base_url, body is None, str(path))


def _page_css(title: str, is_front: bool, first_page: int) -> str:
    """Running title and plain page numbers; a part's first page takes the number after the
    previous part's last (a part's total of pages would not be the report's)."""
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
    margins = f"@top-right {{ content: {quoted}; }} @bottom-center {{ content: counter(page); }}"
    if is_front:
        return f'@page {{ {margins} }} .toc a::after {{ content: leader(".") attr(data-page); }}'
    return (
        f"@page {{ {margins} }} @page :first {{ counter-reset: page {first_page}; {margins} }}"
        " .practices { margin-block: 0; } h3 + .practices { margin-top: 0.4rem; }"
    )
