"""The document as Markdown: headings with anchors, numbered paragraphs, pipe tables."""

from collections.abc import Iterator
from functools import lru_cache

from synthesis.compose import prose
from synthesis.compose.document import (
    Chapter,
    Document,
    Link,
    Paragraph,
    Point,
    Said,
    escape_markdown,
)


def render(doc: Document) -> str:
    return "".join(lines(doc))


def lines(doc: Document) -> Iterator[str]:
    """The report line by line, each with its newline; it ends with exactly one."""
    pending = 0  # blank lines held back, so that trailing ones are dropped
    for line in _lines(doc):
        if not line:
            pending += 1
            continue
        yield "\n" * pending + line + "\n"
        pending = 0


def _lines(doc: Document) -> Iterator[str]:
    labels = doc.labels
    yield f"# {_md(doc.title)}"
    yield ""
    yield f"**{_md(doc.initiative)}** · {_md(doc.subtitle)}  "
    if doc.presidency:
        yield f"{_md(doc.presidency)}  "
    yield _md(doc.date)
    if doc.draft_note:
        yield ""
        yield f"> **{_md(doc.draft_note)}**"
    yield ""
    yield f"## {_md(labels.contents)}"
    yield ""
    for entry in doc.contents:
        label = f"{entry.label} " if entry.label else ""
        yield f"- [{label}{_md(entry.title)}](#{entry.anchor})"
    yield ""
    yield from _heading(2, labels.introduction, "introduction")
    yield from _paragraphs(doc.introduction)
    yield from _heading(2, labels.key_findings, "key-findings")
    yield from _paragraphs(doc.key_findings)
    for chapter in doc.chapters:
        yield from _chapter(doc, chapter)
        del chapter  # not kept while the next one is composed: two would be held at once
    yield from _heading(2, labels.way_forward, "way-forward")
    yield from _paragraphs(doc.way_forward)
    yield from _heading(2, labels.annex, "annex")
    yield from _heading(3, labels.annex_table, "annex-table")
    yield (
        "| "
        + " | ".join([_md(labels.participant), *doc.table.columns, _md(labels.practices)])
        + " |"
    )
    yield "|---" + "|--:" * (len(doc.table.columns) + 1) + "|"
    for label, counts, total in doc.table.rows:
        yield "| " + " | ".join([_md(label), *(str(c) for c in counts), str(total)]) + " |"
    yield ""
    yield from _heading(3, labels.annex_practices, "annex-practices")
    for link in doc.practices:
        yield f"- {_link(link, doc)} — {', '.join(link.norms)}"
    yield ""


def _heading(level: int, title: str, anchor: str) -> Iterator[str]:
    yield f'{"#" * level} <a id="{anchor}"></a>{_md(title)}'
    yield ""


def _paragraphs(paragraphs: tuple[Paragraph, ...]) -> Iterator[str]:
    for paragraph in paragraphs:
        yield f'<a id="{paragraph.anchor}"></a>**{paragraph.number}.** {paragraph.body.markdown}'
        yield ""


def _chapter(doc: Document, chapter: Chapter) -> Iterator[str]:
    yield from _heading(2, f"{chapter.number}. {chapter.heading}", chapter.anchor)
    yield f"> *[{_md(chapter.reference)}]({chapter.norm_source_url})* · {_md(chapter.norm_text_label)}  "
    yield f"> {_md(chapter.norm_text)}"
    yield ""
    yield from _paragraphs(chapter.framing)
    yield from _paragraphs(chapter.overview)
    if chapter.empty_note:
        yield f"*{_md(chapter.empty_note)}*"
        yield ""
        return
    for section in chapter.sections:
        yield f"### {_md(section.heading)}"
        yield ""
        for point in section.points:
            yield _point(doc, point)
            yield ""
    yield f"### {_md(doc.labels.practices_drawn_on)}"
    yield ""
    for link in chapter.practices:
        yield f"- {_link(link, doc)}{_see(doc, chapter.see.get(link.submission_id, ()))}"
    yield ""


def _see(doc: Document, numbers: tuple[int, ...]) -> str:
    """ " (see ¶12 and ¶40)", each linked, for points printed in other chapters."""
    if not numbers:
        return ""
    return (
        f" ({_label(doc.labels.see)} {prose.linked_markdown(numbers, doc.lang, doc.labels.and_)})"
    )


@lru_cache(maxsize=8)
def _label(text: str) -> str:
    """A label printed on many lines, escaped once."""
    return escape_markdown(text)


def _point(doc: Document, point: Point) -> str:
    cites = ", ".join(f"[#{s.submission_id}]({s.url})" for s in point.sources)
    said = " ".join(_said(doc, each) for each in point.said)
    return f'<a id="{point.anchor}"></a>**{point.number}.** {said} — {cites}'


def _said(doc: Document, said: Point | Said) -> str:
    """ "*France*: text *(original in French)*": who made a point, and what."""
    note = f" *({_md(said.language_note)})*" if said.language_note else ""
    return f"*{_md(said.lead)}*{doc.labels.colon}{said.body.markdown}{note}"


def _link(link: Link, doc: Document) -> str:
    who = link.participant or doc.labels.anonymised
    note = f" *({_md(link.language_note)})*" if link.language_note else ""
    return f"[#{link.submission_id} {_md(link.title)}]({link.url}) — {_md(who)}{note}"


def _md(text: str) -> str:
    return escape_markdown(text)
