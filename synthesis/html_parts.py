"""The bulky parts of the HTML report, chapters and practice lists, written straight to strings:
a template call per point costs more than all the rest of the report together."""

from collections.abc import Iterator
from html import escape

from synthesis.document import Chapter, Document, Link, Paragraph, Point


def chapters(doc: Document) -> Iterator[str]:
    """One string per chapter, in order."""
    for chapter in doc.chapters:
        yield _chapter(doc, chapter)


def practice_list(doc: Document) -> Iterator[str]:
    for start in range(0, len(doc.practices), 500):
        yield "".join(
            f'<li>{link(doc, item)} <span class="norms">{escape(", ".join(item.norms))}</span></li>'
            for item in doc.practices[start : start + 500]
        )


def paragraphs(items: tuple[Paragraph, ...]) -> str:
    return "".join(
        f'<div class="para" id="{p.anchor}"><a class="num" href="#{p.anchor}">{p.number}.</a>'
        f'<div class="body">{p.body.html}</div></div>\n'
        for p in items
    )


def link(doc: Document, item: Link) -> str:
    who = escape(item.participant or doc.labels.anonymised)
    note = (
        f' <span class="lang">({escape(item.language_note)})</span>' if item.language_note else ""
    )
    return (
        f'<a href="{escape(item.url)}">#{item.submission_id} {escape(item.title)}</a> — {who}{note}'
    )


def _chapter(doc: Document, chapter: Chapter) -> str:
    out = [
        f'<section id="{chapter.anchor}" class="chapter norm">\n'
        f"<h2>{chapter.number}. {escape(chapter.heading)}</h2>\n"
        f'<blockquote class="norm-text"><p class="reference">{escape(chapter.reference)}</p>'
        f"<p>{escape(chapter.norm_text)}</p></blockquote>\n",
        paragraphs(chapter.framing),
    ]
    if chapter.empty_note:
        out.append(f'<p class="empty">{escape(chapter.empty_note)}</p>\n')
    colon = escape(doc.labels.colon)
    for section in chapter.sections:
        out.append(f"<h3>{escape(section.heading)}</h3>\n")
        out.extend(_point(point, colon) for point in section.points)
    if chapter.practices:
        out.append(f'<h3>{escape(doc.labels.practices_drawn_on)}</h3>\n<ul class="practices">')
        out.extend(f"<li>{link(doc, item)}</li>" for item in chapter.practices)
        out.append("</ul>\n")
    out.append("</section>\n")
    return "".join(out)


def _point(point: Point, colon: str) -> str:
    note = (
        f' <span class="lang">({escape(point.language_note)})</span>' if point.language_note else ""
    )
    cites = ", ".join(f'<a href="{escape(s.url)}">#{s.submission_id}</a>' for s in point.sources)
    return (
        f'<div class="para point" id="{point.anchor}"><a class="num" href="#{point.anchor}">'
        f'{point.number}.</a><div class="body"><span class="lead">{escape(point.lead)}</span>'
        f'{colon}{point.body.html}{note} <span class="cites">{cites}</span></div></div>\n'
    )
