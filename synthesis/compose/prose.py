"""Generated prose with references to numbered paragraphs, as plain text, Markdown and HTML."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from synthesis.compose.document import Rich, escape_markdown

QUOTE_LENGTH = 180


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to the paragraph numbered `number`, shown as "¶12" ("§ 12" in French)."""

    number: int


Part = str | Ref


def label(number: int, lang: str) -> str:
    return f"§\u00a0{number}" if lang == "fr" else f"¶{number}"


def prose(parts: Sequence[Part], lang: str) -> Rich:
    """One paragraph from text and references; each reference links to its paragraph."""
    return Rich(html(parts, lang), markdown(parts, lang), text(parts, lang))


# One form alone is what a report's "see ¶N" references read, once per practice cited.


def html(parts: Sequence[Part], lang: str) -> str:
    return "".join(
        f'<a class="ref" href="#p{part.number}">{escape(label(part.number, lang))}</a>'
        if isinstance(part, Ref)
        else escape(part, quote=False)
        for part in parts
    )


def markdown(parts: Sequence[Part], lang: str) -> str:
    return "".join(
        f"[{label(part.number, lang)}](#p{part.number})"
        if isinstance(part, Ref)
        else escape_markdown(part)
        for part in parts
    )


def text(parts: Sequence[Part], lang: str) -> str:
    return "".join(label(part.number, lang) if isinstance(part, Ref) else part for part in parts)


def quoted(text: str, lang: str) -> str:
    """A point's text quoted in a sentence: without its final full stop, cut at a word near
    QUOTE_LENGTH characters, in the language's quotation marks."""
    text = " ".join(text.split()).rstrip(" .;:")
    if len(text) > QUOTE_LENGTH:
        text = text[:QUOTE_LENGTH].rsplit(" ", 1)[0].rstrip(",;: ") + "…"
    return f"«\u00a0{text}\u00a0»" if lang == "fr" else f"“{text}”"


def linked_html(numbers: Sequence[int], lang: str, conjunction: str) -> str:
    """`html(refs(numbers, lang, conjunction), lang)` made in one step: a report prints one for
    each practice it draws on in several chapters."""
    anchors = [f'<a class="ref" href="#p{number}">{label(number, lang)}</a>' for number in numbers]
    if len(anchors) < 2:  # most practices: nothing to escape
        return "".join(anchors)
    return _listed(anchors, *_html_separators(conjunction))


def linked_markdown(numbers: Sequence[int], lang: str, conjunction: str) -> str:
    """`markdown(refs(numbers, lang, conjunction), lang)` made in one step."""
    links = [f"[{label(number, lang)}](#p{number})" for number in numbers]
    if len(links) < 2:
        return "".join(links)
    return _listed(links, *_markdown_separators(conjunction))


@lru_cache(maxsize=8)
def _html_separators(conjunction: str) -> tuple[str, str]:
    """Escaped once, not for each practice listed with its references."""
    return escape(", ", quote=False), escape(f" {conjunction} ", quote=False)


@lru_cache(maxsize=8)
def _markdown_separators(conjunction: str) -> tuple[str, str]:
    """Escaped once, as `_html_separators`."""
    return escape_markdown(", "), escape_markdown(f" {conjunction} ")


def _listed(items: list[str], comma: str, last: str) -> str:
    """Two items or more as `refs` lists them: commas between them, `last` before the last."""
    return comma.join(items[:-1]) + last + items[-1]


def refs(numbers: Sequence[int], lang: str, conjunction: str) -> list[Part]:
    """¶3, ¶7 and ¶9, each linked."""
    parts: list[Part] = []
    for index, number in enumerate(numbers):
        if index:
            parts.append(f" {conjunction} " if index == len(numbers) - 1 else ", ")
        parts.append(Ref(number))
    return parts
