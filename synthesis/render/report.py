"""One entry point: a synthesis, a format and a language in, the report's bytes out."""

import os
from collections.abc import Callable, Iterable, Iterator
from io import BytesIO
from pathlib import Path
from tempfile import TemporaryFile
from typing import BinaryIO

from sqlmodel import Session

from norms.characters import cleaned
from synthesis.compose import assemble, source
from synthesis.compose.document import Document
from synthesis.models import Synthesis
from synthesis.render import html_report, markdown_report, pdf_report
from synthesis.render.scrub import scrubbed
from synthesis.schemas import Format

# The one text of a point each format reads (`assemble.in_form`).
READ_FORM = {Format.md: "markdown", Format.html: "html", Format.docx: "text", Format.pdf: "html"}
MEDIA_TYPES = {
    Format.md: "text/markdown; charset=utf-8",
    Format.html: "text/html; charset=utf-8",
    Format.docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.pdf: "application/pdf",
}


def document(session: Session, synthesis: Synthesis, lang: str, base_url: str = "") -> Document:
    return assemble.build(source.load(session, synthesis), lang, base_url)


def page_document(session: Session, synthesis: Synthesis, lang: str) -> Document:
    """The document as a page of the site shows it: its points read as HTML only."""
    return scrubbed(assemble.in_form(document(session, synthesis, lang), READ_FORM[Format.html]))


def render_document(doc: Document, fmt: Format, base_url: str = "") -> bytes:
    out = BytesIO()
    write_to(doc, fmt, out, base_url)
    return out.getvalue()


def write_document(doc: Document, fmt: Format, path: Path, base_url: str = "") -> int:
    """Write the report to a file as it is made; returns its size in bytes."""
    with path.open("wb") as out:
        return write_to(doc, fmt, out, base_url)


def write_to(doc: Document, fmt: Format, out: BinaryIO, base_url: str = "") -> int:
    """Write the report to a binary file as it is made; returns the bytes written."""
    from synthesis.render import docx_report  # python-docx loads when a DOCX is asked for

    start = out.tell()
    doc = assemble.in_form(doc, READ_FORM[fmt])
    # A text report is cleaned as it is written (`write_text`); the others are cleaned as a model.
    if fmt is Format.md:
        write_text(markdown_report.lines(doc), out)
    elif fmt is Format.html:
        write_text(html_report.stream(doc), out)
    elif fmt is Format.docx:
        docx_report.write(scrubbed(doc), out)
    else:
        pdf_report.write(scrubbed(doc), out, base_url)
    return out.tell() - start


def spool(
    session: Session, synthesis: Synthesis, fmt: Format, lang: str, base_url: str = ""
) -> BinaryIO:
    """The report in an anonymous temporary file, rewound: a response can send it in chunks
    without the report ever being whole in memory."""
    return spooled(
        lambda out: write_to(document(session, synthesis, lang, base_url), fmt, out, base_url)
    )


def spooled(write: Callable[[BinaryIO], object]) -> BinaryIO:
    """What `write` writes, in an anonymous temporary file, rewound (closed by `chunks`)."""
    out = TemporaryFile()  # noqa: SIM115 (closed by `chunks`, or below on failure)
    try:
        write(out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def size(file: BinaryIO) -> int:
    """The size of a spooled report (the file stays where it is)."""
    return os.fstat(file.fileno()).st_size


def chunks(file: BinaryIO, length: int = 1 << 16) -> Iterator[bytes]:
    """The file's bytes in pieces, closing it at the end."""
    with file:
        while piece := file.read(length):
            yield piece


WRITE_AT = 1 << 16  # characters of text held before they are written


def write_text(pieces: Iterable[str], out: BinaryIO) -> None:
    """Text made in many small pieces, written to a binary file in UTF-8 about `WRITE_AT`
    characters at a time, without the characters no output may carry (`norms.characters`: a
    practice stored before they were refused). No markup holds them, so cleaning the text cleans
    every value in it, in one pass of a regular expression rather than a walk of the document."""
    buffer: list[str] = []
    held = 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= WRITE_AT:
            out.write(cleaned("".join(buffer)).encode())
            buffer.clear()
            held = 0
    out.write(cleaned("".join(buffer)).encode())


def render(
    session: Session, synthesis: Synthesis, fmt: Format, lang: str, base_url: str = ""
) -> bytes:
    return render_document(document(session, synthesis, lang, base_url), fmt, base_url)


def filename(synthesis: Synthesis, fmt: Format, lang: str) -> str:
    return f"synthesis-{synthesis.id}-{lang}.{fmt.value}"
