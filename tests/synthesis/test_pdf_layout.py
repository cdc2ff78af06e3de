"""The PDF's layout process: parts laid out over a pipe, the process replaced every few parts,
importing WeasyPrint and nothing of the application."""

import os
import signal
from pathlib import Path

import pikepdf
import pytest

from synthesis.render import pdf_layout

PAGE = '<html><body><h1 id="one">One</h1><p style="break-before: page">Two</p></body></html>'


def test_a_part_is_laid_out_written_and_measured(tmp_path: Path) -> None:
    path = tmp_path / "part.pdf"
    with pdf_layout.Layouts() as layouts:
        laid = layouts.lay_out(PAGE, "", False, str(path))
    assert laid.pages == 2
    assert [(a.name, a.page) for a in laid.anchors] == [("one", 0)]
    assert [(h.level, h.title, h.page) for h in laid.headings] == [(1, "One", 0)]
    assert 0 < laid.anchors[0].top < 842  # from the bottom of an A4 page, in points
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 2


def test_the_process_is_replaced_every_few_parts_and_closed_at_the_end(tmp_path: Path) -> None:
    pids = []
    with pdf_layout.Layouts(parts_per_process=2) as layouts:
        for number in range(5):
            layouts.lay_out(PAGE, "", False, str(tmp_path / f"{number}.pdf"))
            pids.append(layouts.pid)
        last = layouts.process
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]
    assert last is not None and last.returncode == 0  # ended at the end of its input
    assert layouts.pid is None


def test_the_layout_process_imports_weasyprint_and_not_the_application(tmp_path: Path) -> None:
    with pdf_layout.Layouts() as layouts:
        layouts.lay_out(PAGE, "", False, str(tmp_path / "part.pdf"))
        maps = Path(f"/proc/{layouts.pid}/maps").read_text()
    assert "harfbuzz" in maps or "pango" in maps  # WeasyPrint's libraries are loaded
    assert "pydantic_core" not in maps  # the application's models are not
    assert "pikepdf" not in maps  # nor the joiner


def test_an_error_in_the_layout_is_raised_where_the_part_was_asked_for(tmp_path: Path) -> None:
    with pdf_layout.Layouts() as layouts:
        with pytest.raises(FileNotFoundError):
            layouts.lay_out(PAGE, "", False, str(tmp_path / "missing" / "part.pdf"))
        pid = layouts.pid
        assert layouts.lay_out(PAGE, "", False, str(tmp_path / "part.pdf")).pages == 2
        assert layouts.pid == pid  # the same process goes on


def test_a_layout_process_that_dies_is_reported_and_replaced(tmp_path: Path) -> None:
    with pdf_layout.Layouts() as layouts:
        layouts.lay_out(PAGE, "", False, str(tmp_path / "part.pdf"))
        assert layouts.process is not None
        os.kill(layouts.process.pid, signal.SIGKILL)
        layouts.process.wait()
        with pytest.raises(pdf_layout.LayoutFailed):
            layouts.lay_out(PAGE, "", False, str(tmp_path / "part.pdf"))
        assert layouts.lay_out(PAGE, "", False, str(tmp_path / "part.pdf")).pages == 2
