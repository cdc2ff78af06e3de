"""Split a revision's stored, sanitised HTML into points: each top-level list item or paragraph."""

import re
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser

_BLOCKS = {"p", "li", "pre", "blockquote", "table", "h3", "h4", "h5", "h6"}
_LISTS = {"ul", "ol"}
_VOID = {"br", "hr"}
_TAG = re.compile(r"<[^>]*>")
_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}


@dataclass(frozen=True)
class Fragment:
    """One point's text as sanitised HTML, as Markdown, and as plain text."""

    html: str
    markdown: str
    text: str


def split(html: str) -> list[Fragment]:
    """Top-level paragraphs and the items of top-level lists, in document order."""
    if not html:
        return []
    parser = _Splitter()
    parser.feed(html)
    parser.close()
    return [fragment for fragment in parser.fragments if fragment.text]


class _Splitter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fragments: list[Fragment] = []
        self.depth = 0  # open elements inside the current point
        self.list_depth = 0  # lists open outside any point
        self.html: list[str] = []
        self.markdown: list[str] = []
        self.href: list[str | None] = []

    @property
    def in_point(self) -> bool:
        return self.depth > 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.in_point:
            if tag in _LISTS:
                self.list_depth += 1
                return
            if tag not in _BLOCKS and self.list_depth == 0:
                return  # stray inline text outside blocks is kept by handle_data
            self.depth = 1
            self.html, self.markdown = [], []
            return
        if tag not in _VOID:
            self.depth += 1
        self.html.append(_start_tag(tag, attrs))
        if tag == "a":
            self.href.append(dict(attrs).get("href"))
            self.markdown.append("[")
        elif tag in _MARKS:
            self.markdown.append(_MARKS[tag])
        elif tag in {"li", "p", "br", "tr"}:
            self.markdown.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self.in_point:
            if tag in _LISTS:
                self.list_depth = max(0, self.list_depth - 1)
            return
        self.depth -= 1
        if self.depth == 0:
            self._close()
            return
        self.html.append(f"</{tag}>")
        if tag == "a":
            href = self.href.pop() if self.href else None
            self.markdown.append(f"]({href})" if href else "]")
        elif tag in _MARKS:
            self.markdown.append(_MARKS[tag])

    def handle_data(self, data: str) -> None:
        if self.in_point:
            self.html.append(escape(data, quote=False))
            self.markdown.append(_escape_markdown(data))
        elif data.strip():
            self.fragments.append(_fragment(escape(data.strip(), quote=False), data.strip()))

    def _close(self) -> None:
        self.fragments.append(_fragment("".join(self.html).strip(), "".join(self.markdown)))
        self.html, self.markdown = [], []


def _fragment(html: str, markdown: str) -> Fragment:
    markdown = " ".join(markdown.split())
    text = " ".join(unescape(_strip_tags(html)).split())
    return Fragment(html=html, markdown=markdown, text=text)


def _strip_tags(html: str) -> str:
    return _TAG.sub(" ", html)


def _start_tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    rendered = "".join(
        f' {name}="{escape(value or "", quote=True)}"' for name, value in attrs if value is not None
    )
    return f"<{tag}{rendered}>"


def _escape_markdown(text: str) -> str:
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text
