"""The document as one self-contained HTML page with print CSS."""

from collections.abc import Iterator
from functools import lru_cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, Template, select_autoescape

from synthesis.compose.document import Document
from synthesis.render import html_parts


@lru_cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("synthesis.render", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def template(name: str) -> Template:
    return _environment().get_template(name)


@lru_cache
def css() -> str:
    return files("synthesis.render").joinpath("templates", "report.css").read_text("utf-8")


def stream(doc: Document) -> Iterator[str]:
    """The page in pieces, so a large report is written out as it is made."""
    return template("report.html").generate(
        doc=doc,
        css=css(),
        paragraphs=html_parts.paragraphs,
        chapters=html_parts.chapters(doc),
        practice_list=html_parts.practice_list(doc),
    )


def render(doc: Document) -> str:
    return "".join(stream(doc))
