"""WeasyPrint's layout of one part of a PDF, in a process of its own.

`Layouts` runs `python -m synthesis.render.pdf_layout` and hands it the parts one at a time over a pipe.
The process imports WeasyPrint and this module only: a multiprocessing worker would also import
the main module of whatever started it (the command line, the server, a benchmark), which took
30 to 60 MiB more in each layout process. It is replaced every few parts, as WeasyPrint's native
memory grows by about 1.6 MB a document laid out and neither the collector nor `malloc_trim`
gets it back (413 MiB at 30,000 practices in one process)."""

import ctypes
import ctypes.util
import gc
import logging
import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

PT = 0.75  # PDF points in a CSS pixel, WeasyPrint's unit
PARTS_PER_PROCESS = 20
_SIZE = struct.Struct("!Q")


@dataclass(slots=True)
class Heading:
    level: int
    title: str
    page: int  # index in the joined file
    top: float  # PDF points from the page's bottom


@dataclass(slots=True)
class Anchor:
    name: str
    page: int
    left: float
    top: float


@dataclass
class Laid:
    """Where things landed in a part, in pages of the part and PDF points."""

    pages: int = 0
    anchors: list[Anchor] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    links: list[tuple[int, tuple[float, float, float, float], str]] = field(default_factory=list)


class LayoutFailed(RuntimeError):
    """The layout process ended without answering."""


class Layouts:
    """A layout process, started when first needed and replaced every `parts_per_process`."""

    def __init__(self, parts_per_process: int = PARTS_PER_PROCESS) -> None:
        self.parts_per_process = parts_per_process
        self.process: subprocess.Popen[bytes] | None = None
        self.done = 0

    def __enter__(self) -> "Layouts":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lay_out(self, html: str, base_url: str, is_front: bool, path: str) -> Laid:
        """Lay `html` out and write it to `path` as PDF; where its anchors, headings and (for
        the front matter) internal links landed."""
        if self.process is not None and self.done >= self.parts_per_process:
            self.close()
        if self.process is None:
            self.process = _start()
            self.done = 0
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            _send(self.process.stdin, (html, base_url, is_front, path))
            ok, value = _receive(self.process.stdout)
        except (OSError, EOFError) as error:
            self.close()
            raise LayoutFailed("the PDF layout process ended unexpectedly") from error
        self.done += 1
        if not ok:
            raise value
        laid: Laid = value
        return laid

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    def close(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.close()  # the process ends at the end of its input
            process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        finally:
            process.stdout.close()


def _start() -> "subprocess.Popen[bytes]":
    root = str(Path(__file__).resolve().parents[2])  # where `synthesis` is found
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": root if not path else os.pathsep.join((root, path))}
    return subprocess.Popen(
        [sys.executable, "-m", "synthesis.render.pdf_layout"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )


def _send(pipe: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(_SIZE.pack(len(data)) + data)
    pipe.flush()


def _receive(pipe: IO[bytes]) -> Any:
    head = pipe.read(_SIZE.size)
    if len(head) < _SIZE.size:
        raise EOFError
    (size,) = _SIZE.unpack(head)
    data = pipe.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def _serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """In the layout process: lay out each part asked for until the input ends."""
    while True:
        try:
            html, base_url, is_front, path = _receive(requests)
        except EOFError:
            return
        try:
            answer: tuple[bool, Any] = (True, layout(html, base_url, is_front, path))
        except Exception as error:  # sent back, raised where the part was asked for
            answer = (False, error)
        _send(answers, answer)


def layout(html: str, base_url: str, is_front: bool, path: str) -> Laid:
    """WeasyPrint's layout of `html`, written to `path`."""
    from weasyprint import HTML  # imported by the layout process only

    _tag_languages()
    with _quiet_about_contents(is_front):
        document = HTML(string=html, base_url=base_url or None).render()
    laid = Laid(pages=len(document.pages))
    for index, page in enumerate(document.pages):
        height = page.height * PT

        def top(y: float, height: float = height) -> float:
            return height - y * PT

        laid.anchors += [
            Anchor(name, index, x * PT, top(y)) for name, (x, y, *_) in page.anchors.items()
        ]
        laid.headings += [
            Heading(level, label, index, top(y)) for level, label, (_, y), _ in page.bookmarks
        ]
        if is_front:
            laid.links += [
                (index, (x0 * PT, top(y1), x1 * PT, top(y0)), target)
                for kind, target, (x0, y0, x1, y1), _ in page.links
                if kind == "internal"
            ]
    document.write_pdf(path, pdf_variant="pdf/ua-1")  # tagged: a structure tree for readers
    del document
    release()
    return laid


def _tag_languages() -> None:
    """Give the structure element of an HTML element with a `lang` its /Lang (WeasyPrint 70
    tags elements but leaves their language out), so a French passage in an English report is
    read as French."""
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    if getattr(build, "with_languages", False):
        return

    def with_languages(box, parent, *args):  # type: ignore[no-untyped-def]
        element = getattr(box, "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for made in build(box, parent, *args):
            if lang and "Lang" not in made:
                made["Lang"] = tags.pydyf.String(lang)
            yield made

    with_languages.with_languages = True  # type: ignore[attr-defined]
    tags._build_box_tree = with_languages


def release() -> None:
    """Give freed memory back: a part's layout is a web of cycles, and glibc keeps the freed heap
    (about 0.5 MB a part, 10 MB over a layout process's 20 parts) unless asked."""
    gc.collect()
    if _trim is not None:
        _trim(0)


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


_trim = _malloc_trim()


@contextmanager
def _quiet_about_contents(is_front: bool) -> Iterator[None]:
    """The contents link to anchors of other parts: WeasyPrint logs each as an error (the
    links are added when the parts are joined)."""
    weasyprint = logging.getLogger("weasyprint")
    hush = _Hush()
    if is_front:
        weasyprint.addFilter(hush)
    try:
        yield
    finally:
        weasyprint.removeFilter(hush)


class _Hush(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("No anchor #")


def main() -> None:
    # The answers keep a pipe of their own: anything a library prints goes to stderr instead.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    with answers:
        _serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    # Run as the module it is imported as, so that what it sends names `synthesis.render.pdf_layout`'s
    # classes, not `__main__`'s.
    from synthesis.render import pdf_layout

    pdf_layout.main()
