"""One entry point: a synthesis, a format and a language in, the report's bytes out."""

from collections.abc import Callable

from sqlmodel import Session

from synthesis import compose, html_report, markdown_report, source
from synthesis.document import Document
from synthesis.models import Synthesis
from synthesis.schemas import Format

MEDIA_TYPES = {
    Format.md: "text/markdown; charset=utf-8",
    Format.html: "text/html; charset=utf-8",
    Format.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.pdf: "application/pdf",
}


def document(session: Session, synthesis: Synthesis, lang: str, base_url: str = "") -> Document:
    return compose.build(source.load(session, synthesis), lang, base_url)


def render_document(doc: Document, fmt: Format, base_url: str = "") -> bytes:
    from synthesis import docx_report  # python-docx loads when a DOCX is asked for

    renderers: dict[Format, Callable[[], bytes]] = {
        Format.md: lambda: markdown_report.render(doc).encode(),
        Format.html: lambda: html_report.render(doc).encode(),
        Format.docx: lambda: docx_report.render(doc),
        Format.pdf: lambda: html_report.render_pdf(doc, base_url),
    }
    return renderers[fmt]()


def render(
    session: Session, synthesis: Synthesis, fmt: Format, lang: str, base_url: str = ""
) -> bytes:
    return render_document(document(session, synthesis, lang, base_url), fmt, base_url)


def filename(synthesis: Synthesis, fmt: Format, lang: str) -> str:
    return f"synthesis-{synthesis.id}-{lang}.{fmt.value}"
