"""Split a revision's stored, sanitised HTML into points: each top-level list item or paragraph."""

import re
from dataclasses import dataclass
from html import escape, unescape
from html.parser import HTMLParser

_BLOCKS = {"p", "li", "pre", "blockquote", "table", "h3", "h4", "h5", "h6"}
_LISTS = {"ul", "ol"}
_VOID = {"br", "hr"}
_TAG = re.compile(r"<[^>]*>")
_TOKEN = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z0-9]+)")
_HREF = re.compile(r'\shref="([^"]*)"')
_BLOCK = re.compile(r"\s*(?:<(ul|ol)>(.*?)</\1>|<p>(.*?)</p>)\s*", re.S)
_NOT_INLINE = re.compile(r"<(?!/?(?:a|strong|em|b|i|code|br|sup|sub)[\s>/])")
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>|]")
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
    simple = _simple(html)
    if simple is not None:
        return [fragment for fragment in map(_inline, simple) if fragment.text]
    parser = _Splitter()
    parser.feed(html)
    parser.close()
    return [fragment for fragment in parser.fragments if fragment.text]


def _simple(html: str) -> list[str] | None:
    """The points' inner HTML when the section is only paragraphs and flat lists of inline
    text (what most sections are), else None for the full parser."""
    inners: list[str] = []
    position = 0
    for block in _BLOCK.finditer(html):
        if block.start() != position:
            return None
        position = block.end()
        if block.group(3) is not None:
            inners.append(block.group(3))
            continue
        # The items as `\s*<li>(.*?)</li>\s*` repeated would find them, without a regex.
        *items, rest = block.group(2).split("</li>")
        if rest.strip():
            return None
        for item in items:
            item = item.lstrip()
            if not item.startswith("<li>"):
                return None
            inners.append(item[4:])
    if position != len(html) or any(_NOT_INLINE.search(inner) for inner in inners):
        return None
    return inners


def _inline(inner: str) -> Fragment:
    """The same fragment the parser makes of a point holding inline markup only."""
    if "<" not in inner and "&" not in inner:  # plain text, as most points are
        text = " ".join(inner.split())
        return Fragment(inner.strip(), _escape_markdown(text), text)
    markdown: list[str] = []
    hrefs: list[str | None] = []
    for token in _TOKEN.split(inner):
        if not token.startswith("<"):
            markdown.append(_escape_markdown(unescape(token)))
            continue
        name = _TAG_NAME.match(token)
        tag = name.group(2).lower() if name else ""
        if name and name.group(1):  # an end tag
            if tag == "a":
                href = hrefs.pop() if hrefs else None
                markdown.append(f"]({href})" if href else "]")
            elif tag in _MARKS:
                markdown.append(_MARKS[tag])
        elif tag == "a":
            found = _HREF.search(token)
            hrefs.append(unescape(found.group(1)) if found else None)
            markdown.append("[")
        elif tag in _MARKS:
            markdown.append(_MARKS[tag])
        elif tag == "br":
            markdown.append(" ")
    return _fragment(inner.strip(), "".join(markdown))


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
    if not _MARKDOWN_SPECIAL.search(text):
        return text
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text
