"""The bulky parts of the HTML report, chapters and practice lists, written straight to strings:
a template call per point costs more than all the rest of the report together."""

from collections.abc import Iterator, Mapping
from functools import lru_cache
from html import escape
from itertools import islice

from synthesis.compose import prose
from synthesis.compose.document import Chapter, Document, Link, Paragraph, Point, Said


def chapters(doc: Document) -> Iterator[str]:
    """The chapters in order, in strings of a few hundred points at most: a chapter of a large
    report is tens of megabytes, and the template copies each string it is given."""
    # A practice is cited by each of its points, and a lead comes back point after point: each is
    # escaped once per chapter (kept for the whole report, they would hold every practice's and
    # every combination of participants': about 20 MiB at 100,000 practices).
    for chapter in doc.chapters:
        pieces = _chapter(doc, chapter, {}, {})
        while batch := list(islice(pieces, 500)):
            yield "".join(batch)
        del chapter, pieces  # not kept while the next one is composed


def practice_list(doc: Document, size: int = 500) -> Iterator[str]:
    """The annex's list items, with each practice's norms, `size` at a time."""
    return items(doc, doc.practices, size, with_norms=True)


def items(
    doc: Document,
    links: tuple[Link, ...],
    size: int,
    with_norms: bool = False,
    see: Mapping[int, tuple[int, ...]] | None = None,
) -> Iterator[str]:
    """List items of practices, `size` at a time; `see`: paragraphs elsewhere, per practice."""
    for start in range(0, len(links), size):
        yield "".join(
            f"<li>{link(doc, item)}"
            + (f' <span class="norms">{escape(", ".join(item.norms))}</span>' if with_norms else "")
            + (see_refs(doc, see.get(item.submission_id, ())) if see else "")
            + "</li>"
            for item in links[start : start + size]
        )


def see_refs(doc: Document, numbers: tuple[int, ...]) -> str:
    """ " (see ¶12 and ¶40)", each an internal link, for points printed in other chapters."""
    if not numbers:
        return ""
    found = prose.linked_html(numbers, doc.lang, doc.labels.and_)
    return f' <span class="see">({_label(doc.labels.see)} {found})</span>'


@lru_cache(maxsize=8)
def _label(text: str) -> str:
    """A label printed on many lines, escaped once."""
    return escape(text)


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
    # a title in another language than the report's says so (screen readers, PDF tags)
    lang = f' lang="{item.language}"' if item.language and item.language != doc.lang else ""
    return (
        f'<a href="{escape(item.url)}"{lang}>#{item.submission_id} {escape(item.title)}</a>'
        f" — {who}{note}"
    )


def _chapter(
    doc: Document,
    chapter: Chapter,
    cites: dict[int, str],
    leads: dict[str, str],
) -> Iterator[str]:
    yield f'<section id="{chapter.anchor}" class="chapter norm">\n{chapter_head(chapter)}'
    colon = escape(doc.labels.colon)
    for section in chapter.sections:
        yield f"<h3>{escape(section.heading)}</h3>\n"
        for each in section.points:
            yield point(each, colon, cites, leads, doc.lang)
    if chapter.practices:
        kind = "practices drawn-on" if chapter.keeps_practices_whole else "practices"
        yield f'<h3>{escape(doc.labels.practices_drawn_on)}</h3>\n<ul class="{kind}">'
        yield from items(doc, chapter.practices, 500, see=chapter.see)
        yield "</ul>\n"
    yield "</section>\n"


def chapter_head(chapter: Chapter) -> str:
    """The chapter's heading, the norm's text, the framing paragraphs and the note of an empty
    chapter: everything before its points."""
    empty = f'<p class="empty">{escape(chapter.empty_note)}</p>\n' if chapter.empty_note else ""
    return (
        f"<h2>{chapter.number}. {escape(chapter.heading)}</h2>\n"
        f'<blockquote class="norm-text"><p class="reference">'
        f'<a href="{escape(chapter.norm_source_url)}">{escape(chapter.reference)}</a>'
        f" · {escape(chapter.norm_text_label)}</p>"
        f"<p>{escape(chapter.norm_text)}</p></blockquote>\n"
        f"{paragraphs(chapter.framing)}{overview(chapter)}{empty}"
    )


def overview(chapter: Chapter) -> str:
    """The chapter's opening overview, marked so that print can set it apart."""
    if not chapter.overview:
        return ""
    return f'<div class="overview">{paragraphs(chapter.overview)}</div>\n'


def point(item: Point, colon: str, cites: dict[int, str], leads: dict[str, str], lang: str) -> str:
    """One consolidated point; `cites` and `leads` keep what was already escaped."""
    said = " ".join(_said(each, colon, leads, lang) for each in item.said)
    return (
        f'<div class="para point" id="{item.anchor}"><a class="num" href="#{item.anchor}">'
        f'{item.number}.</a><div class="body">{said} <span class="cites">{_cites(item, cites)}'
        "</span></div></div>\n"
    )


def _said(item: Point | Said, colon: str, leads: dict[str, str], lang: str) -> str:
    """Who made a point, and what."""
    note = (
        f' <span class="lang">({escape(item.language_note)})</span>' if item.language_note else ""
    )
    lead = leads.get(item.lead)
    if lead is None:
        lead = leads[item.lead] = escape(item.lead)
    body = item.body.html
    # Printed in another language than the report's (an original without translation): tagged
    # for screen readers and the PDF's tags, even when anonymised and so not noted.
    if item.language and item.language != lang:
        body = f'<span lang="{item.language}">{body}</span>'
    return f'<span class="lead">{lead}</span>{colon}{body}{note}'


def _cites(point: Point, cites: dict[int, str]) -> str:
    found = []
    for source in point.sources:
        made = cites.get(source.submission_id)
        if made is None:
            made = cites[source.submission_id] = (
                f'<a href="{escape(source.url)}">#{source.submission_id}</a>'
            )
        found.append(made)
    return ", ".join(found)
