"""The report as A4 PDF, laid out by WeasyPrint a part at a time.

WeasyPrint keeps every laid-out page of a document until it is written (about 2.3 MB a page: a
1,000-practice report took 678 MiB in one piece). So the body is cut into parts of bounded size,
preferably where a page break falls anyway; each part is laid out and written to a file alone, and
its pages are copied into the output before the next part is laid out (`pdf_join`). Page numbers
run on from part to part; the contents are laid out last, with the page each entry landed on; the
outline and the link targets of every part are gathered into the joined file."""

import ctypes
import ctypes.util
import gc
import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import BinaryIO

from synthesis import html_parts, html_report, pdf_join
from synthesis.document import Document

# HTML a part holds at most (a block more): about 8 pages. Twice that took as long and 40 MiB more
# in the layout process (10,000 practices: 173 s either way, 305 against 261 MiB in all).
PART_CHARS = 40_000
PT = 0.75  # PDF points in a CSS pixel, WeasyPrint's unit
LIST_ITEMS = 100
PARTS_PER_PROCESS = 20


@dataclass
class Laid:
    """Where things landed in a part, in pages of the part and PDF points."""

    pages: int = 0
    anchors: list[pdf_join.Anchor] = field(default_factory=list)
    headings: list[pdf_join.Heading] = field(default_factory=list)
    links: list[tuple[int, tuple[float, float, float, float], str]] = field(default_factory=list)


def write(doc: Document, out: BinaryIO, base_url: str = "") -> None:
    """A cover, a table of contents with page numbers, numbered pages and an outline."""
    joiner = pdf_join.Joiner(out)
    anchors: list[pdf_join.Anchor] = []
    headings: list[pdf_join.Heading] = []
    with TemporaryDirectory(prefix="normbook-pdf-") as scratch, _layout_process() as pool:
        path = Path(scratch) / "part.pdf"
        # Laid out once with wide numbers, only to know on which page the body starts.
        front_pages = _lay_out(pool, doc, None, base_url, 1, path).pages
        body_pages = 0
        for body in _parts(doc):
            laid = _lay_out(pool, doc, body, base_url, front_pages + body_pages + 1, path)
            joiner.add(str(path))
            for anchor in laid.anchors:
                anchor.page += body_pages
            for heading in laid.headings:
                heading.page += body_pages
            anchors += laid.anchors
            headings += laid.headings
            body_pages += laid.pages
        entries = {entry.anchor for entry in doc.contents}
        folios = {a.name: str(front_pages + a.page + 1) for a in anchors if a.name in entries}
        front = _lay_out(pool, doc, None, base_url, 1, path, folios)
        joiner.add(str(path), front.links, first=True)
    for anchor in anchors:
        anchor.page += front.pages
    for heading in headings:
        heading.page += front.pages
    joiner.finish(doc.title, doc.lang, front.anchors + anchors, front.headings + headings)


def _layout_process() -> ProcessPoolExecutor:
    """One process lays the parts out, replaced every few parts: WeasyPrint's native memory
    grows by about 1.6 MB a document laid out, which neither the collector nor malloc_trim gets
    back (413 MiB at 30,000 practices in one process)."""
    return ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("spawn"),  # not a copy of a server's threads
        max_tasks_per_child=PARTS_PER_PROCESS,
    )


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
    colon = escape(labels.colon)
    for chapter in doc.chapters:
        cites: dict[int, str] = {}
        leads: dict[str, str] = {}
        head = html_parts.chapter_head(chapter)
        yield True, f'<section id="{chapter.anchor}" class="chapter norm">{head}</section>\n'
        for section in chapter.sections:
            heading = f"<h3>{escape(section.heading)}</h3>\n"
            for item in section.points:
                yield False, heading + html_parts.point(item, colon, cites, leads)
                heading = ""
        drawn_on = html_parts.items(doc, chapter.practices, LIST_ITEMS)
        yield from _list(labels.practices_drawn_on, None, drawn_on)
    yield True, _section("way-forward", labels.way_forward, paragraphs(doc.way_forward))
    table = html_report.template("_table.html").render(doc=doc)
    annex = f'<h3 id="annex-table">{escape(labels.annex_table)}</h3>\n{table}'
    yield True, _section("annex", labels.annex, annex, "chapter annex")
    annex_list = html_parts.practice_list(doc, LIST_ITEMS)
    yield from _list(labels.annex_practices, "annex-practices", annex_list)


def _section(anchor: str, heading: str, body: str, kind: str = "chapter") -> str:
    return f'<section id="{anchor}" class="{kind}">\n<h2>{escape(heading)}</h2>\n{body}</section>\n'


def _list(heading: str, anchor: str | None, chunks: Iterable[str]) -> Iterator[tuple[bool, str]]:
    chunks = iter(chunks)
    first = next(chunks, None)
    if first is None:
        return
    anchored = f' id="{anchor}"' if anchor else ""
    yield False, f'<h3{anchored}>{escape(heading)}</h3>\n<ul class="practices">{first}</ul>\n'
    for chunk in chunks:
        yield False, f'<ul class="practices">{chunk}</ul>\n'


def _lay_out(
    pool: Executor,
    doc: Document,
    body: str | None,
    base_url: str,
    first_page: int,
    path: Path,
    folios: dict[str, str] | None = None,
) -> Laid:
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
    return pool.submit(_layout, html, base_url, body is None, str(path)).result()


def _layout(html: str, base_url: str, is_front: bool, path: str) -> Laid:
    """In a layout process: WeasyPrint's layout, written to `path`."""
    from weasyprint import HTML  # heavy; only paid for when a PDF is asked for

    with _quiet_about_contents(is_front):
        document = HTML(string=html, base_url=base_url or None).render()
    laid = Laid(pages=len(document.pages))
    for index, page in enumerate(document.pages):
        height = page.height * PT

        def top(y: float, height: float = height) -> float:
            return height - y * PT

        laid.anchors += [
            pdf_join.Anchor(name, index, x * PT, top(y))
            for name, (x, y, *_) in page.anchors.items()
        ]
        laid.headings += [
            pdf_join.Heading(level, label, index, top(y))
            for level, label, (_, y), _ in page.bookmarks
        ]
        if is_front:
            laid.links += [
                (index, (x0 * PT, top(y1), x1 * PT, top(y0)), target)
                for kind, target, (x0, y0, x1, y1), _ in page.links
                if kind == "internal"
            ]
    document.write_pdf(path)
    del document
    _release()
    return laid


def _release() -> None:
    """Free a part's layout before the next is laid out: it is a web of cycles, and glibc keeps
    the freed heap (about 0.5 MB a part, 10 MB over a layout process's 20 parts) unless asked."""
    gc.collect()
    if _trim is not None:
        _trim(0)


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


_trim = _malloc_trim()


@contextmanager
def _quiet_about_contents(is_front: bool) -> Iterator[None]:
    """The contents link to anchors of other parts: WeasyPrint logs each as an error (the
    links are added when the parts are joined)."""
    weasyprint = logging.getLogger("weasyprint")
    hush = _Hush()
    if is_front:
        weasyprint.addFilter(hush)
    try:
        yield
    finally:
        weasyprint.removeFilter(hush)


class _Hush(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("No anchor #")


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
