"""Find what could execute in an HTML page: scripts other than the site's own, event handlers,
script URLs, frames and plug-ins, and styles that run code."""

import re
from html.parser import HTMLParser

SITE_SCRIPTS = {
    "/static/normbook.js",
    "/api/swagger/swagger-ui-bundle.js",
    "/api/static/docs-init.js",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "background",
}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg", "math"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_BAD_STYLE = ("expression(", "javascript:", "url(", "background:red", "alert(")


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "script" and values.get("src") not in SITE_SCRIPTS:
            self.problems.append(f"script not the site's own: {values}")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append("meta refresh")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            cleaned = _INVISIBLE.sub("", value).lower()
            if name in URL_ATTRIBUTES and cleaned.startswith(_BAD_SCHEMES):
                self.problems.append(f"{name}={value!r} on <{tag}>")
            if name == "style" and any(bad in cleaned for bad in _BAD_STYLE):
                self.problems.append(f"style={value!r} on <{tag}>")
        if tag in {"script", "style"}:
            self._inside = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._inside:
            self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside == "script" and data.strip():
            self.problems.append(f"inline script: {data[:60]!r}")
        if self._inside == "style" and any(bad in data.replace(" ", "") for bad in _BAD_STYLE):
            self.problems.append(f"style element runs or injects: {data[:60]!r}")


def executable(html: str) -> list[str]:
    """What in this HTML could run script or load a foreign frame; empty when inert."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.problems


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(html: str) -> str:
    """The page's text as a reader sees it (entities decoded, tags gone)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
