"""The document as one self-contained HTML page with print CSS, and as PDF through WeasyPrint."""

from collections.abc import Iterator
from functools import lru_cache
from importlib.resources import files
from typing import BinaryIO

from jinja2 import Environment, PackageLoader, select_autoescape

from synthesis import html_parts
from synthesis.document import Document


@lru_cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("synthesis", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache
def _css() -> str:
    return files("synthesis").joinpath("templates", "report.css").read_text("utf-8")


def stream(doc: Document) -> Iterator[str]:
    """The page in pieces, so a large report is written out as it is made."""
    return (
        _environment()
        .get_template("report.html")
        .generate(
            doc=doc,
            css=_css(),
            paragraphs=html_parts.paragraphs,
            chapters=html_parts.chapters(doc),
            practice_list=html_parts.practice_list(doc),
        )
    )


def render(doc: Document) -> str:
    return "".join(stream(doc))


def write_pdf(doc: Document, out: BinaryIO, base_url: str = "") -> None:
    """A4 PDF with a cover, a table of contents with page numbers, and numbered pages."""
    from weasyprint import HTML  # heavy; only paid for when a PDF is asked for

    HTML(string=render(doc), base_url=base_url or None).write_pdf(out)
