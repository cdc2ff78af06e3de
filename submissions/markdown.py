"""User Markdown to safe HTML: rendered once when a revision is written, then kept."""

import re
import threading
from typing import TYPE_CHECKING

import nh3

if TYPE_CHECKING:
    import markdown as md

_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_local = threading.local()


def _converter() -> "md.Markdown":
    """One converter per thread, reset between texts: building one costs as much as converting."""
    converter: md.Markdown | None = getattr(_local, "converter", None)
    if converter is None:
        from markdown import Markdown  # only writes render Markdown: the server starts without it

        converter = Markdown(extensions=["extra", "sane_lists"], output_format="html")
        _local.converter = converter
    return converter


def render(text: str) -> str:
    """Markdown to HTML through an allow-list: no script, no handlers, no javascript: URLs."""
    if not text.strip():
        return ""
    html = _converter().reset().convert(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


# Markdown's marks around and before words, for plain-text extracts: links keep their text.
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_LINE_MARK = re.compile(r"(?m)^[ \t]*(?:[-*+]|\d+[.)]|#{1,6}|>)[ \t]+")
# `**`, `__`, a `*` or `_` opening or closing a word, backticks. Written to start with the mark
# itself, so that the regex engine skips to the next one: eight times faster than checking the
# word boundary first at every character (`tests/submissions/test_markdown_plain.py`).
_INLINE_MARK = re.compile(
    r"[*_`](?:(?<=\*)\*|(?<=_)_|(?<=[*_])(?<!\w.)(?=\S)|(?<=[*_])(?<=\S.)(?!\w)|(?<=`)`*)"
)


def plain(text: str) -> str:
    """Markdown as plain running text: no emphasis marks, list bullets, headings or link targets."""
    text = _LINK.sub(r"\1", text)
    text = _LINE_MARK.sub("", text)
    text = _INLINE_MARK.sub("", text)
    return " ".join(text.split())
