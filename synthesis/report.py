"""One entry point: a synthesis, a format and a language in, the report's bytes out."""

from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session

from synthesis import collector, compose, html_report, markdown_report, source
from synthesis.document import Document
from synthesis.models import Synthesis
from synthesis.schemas import Format

STREAMED = {Format.md, Format.html}
MEDIA_TYPES = {
    Format.md: "text/markdown; charset=utf-8",
    Format.html: "text/html; charset=utf-8",
    Format.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.pdf: "application/pdf",
}


def document(session: Session, synthesis: Synthesis, lang: str, base_url: str = "") -> Document:
    with collector.paused():
        return compose.build(source.load(session, synthesis), lang, base_url)


def render_document(doc: Document, fmt: Format, base_url: str = "") -> bytes:
    from synthesis import docx_report  # python-docx loads when a DOCX is asked for

    renderers: dict[Format, Callable[[], bytes]] = {
        Format.md: lambda: markdown_report.render(doc).encode(),
        Format.html: lambda: html_report.render(doc).encode(),
        Format.docx: lambda: docx_report.render(doc),
        Format.pdf: lambda: html_report.render_pdf(doc, base_url),
    }
    with collector.paused():
        return renderers[fmt]()


def write_document(doc: Document, fmt: Format, path: Path, base_url: str = "") -> int:
    """Write the report to a file, Markdown and HTML piece by piece; returns its size in bytes."""
    with collector.paused(), path.open("w" if fmt in STREAMED else "wb") as out:
        if fmt is Format.md:
            out.writelines(markdown_report.lines(doc))
        elif fmt is Format.html:
            out.writelines(html_report.stream(doc))
        else:
            out.write(render_document(doc, fmt, base_url))
    return path.stat().st_size


def render(
    session: Session, synthesis: Synthesis, fmt: Format, lang: str, base_url: str = ""
) -> bytes:
    return render_document(document(session, synthesis, lang, base_url), fmt, base_url)


def filename(synthesis: Synthesis, fmt: Format, lang: str) -> str:
    return f"synthesis-{synthesis.id}-{lang}.{fmt.value}"
