"""The PDF report laid out in parts and joined: page numbers, contents, links and outline must be
those of one document, however many parts it was cut into."""

import re
from collections.abc import Callable
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pikepdf
import pypdf
import pytest
from sqlmodel import Session
from weasyprint import HTML

from api import demo
from synthesis.compose.document import PRACTICES_KEPT_WHOLE, Document
from synthesis.freeze import snapshot
from synthesis.models import Synthesis
from synthesis.render import pdf_join, pdf_report, report
from synthesis.schemas import Format, SynthesisCreate
from tests.factories import PRESIDENCY
from tests.synthesis.conftest import Practices

MakeSynthesis = Callable[..., Synthesis]


def pdf_of(doc: Document) -> bytes:
    return report.render_document(doc, Format.pdf)


@pytest.fixture(params=[pdf_report.PART_CHARS, 600], ids=["whole", "a-part-a-block"])
def part_chars(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(pdf_report, "PART_CHARS", request.param)
    return int(request.param)


def test_pages_contents_links_and_outline_agree(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis, part_chars: int
) -> None:
    doc = report.document(session, make_synthesis(include_empty_norms=True), "en")
    data = pdf_of(doc)
    pdf = pikepdf.open(BytesIO(data))
    assert pdf.check_pdf_syntax() == []
    texts = [page.extract_text() for page in pypdf.PdfReader(BytesIO(data)).pages]

    # The cover has no number; every other page ends with its own.
    assert not re.search(r"\n1\s*$", texts[0])
    for index, text in enumerate(texts[1:], start=2):
        assert text.rstrip().endswith(f"\n{index}"), (index, text[-80:])

    # Each contents entry gives the page its heading is on, and links there.
    dests = pikepdf.NameTree(pdf.Root.Names.Dests)
    page_of = {page.objgen: index for index, page in enumerate(pdf.pages)}
    entries = [(e.title, e.anchor) for e in doc.contents]
    for entry in doc.contents:
        # The label ("1.") is placed in the margin and comes out after the line's text.
        line = re.escape(entry.title) + r" \.+ (\d+)" + re.escape(entry.label) + r"\n"
        folio = int(re.search(line, texts[1])[1])  # type: ignore[index]
        title, anchor = entry.title, entry.anchor
        assert title in texts[folio - 1]
        assert page_of[dests[anchor][0].objgen] == folio - 1
    linked = {str(a.Dest) for a in pdf.pages[1].Annots if "/Dest" in a}
    assert linked == {anchor for _, anchor in entries}

    # No link anywhere points to a name that is not there.
    for page in pdf.pages:
        for annotation in page.get("/Annots", []):
            if "/Dest" in annotation:
                assert str(annotation.Dest) in dests

    # The outline: the chapters in order, each at its page.
    with pdf.open_outline() as outline:
        (cover,) = outline.root
        chapters = [item for item in cover.children if re.match(r"\d+\. ", item.title)]
        assert [item.title for item in chapters] == [
            f"{chapter.number}. {chapter.heading}" for chapter in doc.chapters
        ]
        for item in chapters:
            assert item.title in texts[page_of[item.destination[0].objgen]]


def test_every_point_is_laid_out_once(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis, part_chars: int
) -> None:
    doc = report.document(session, make_synthesis(include_empty_norms=True), "en")
    parts = list(pdf_report._parts(doc))
    anchors = [a for part in parts for a in re.findall(r'id="(p\d+)"', part)]
    numbers = sorted(int(a[1:]) for a in anchors)
    assert numbers == list(range(1, len(numbers) + 1))
    if part_chars < 1000:
        assert len(parts) > len(doc.contents)  # cut at every block, chapters included


def test_the_parts_of_a_large_report_stay_small(
    session: Session,
    practices: Practices,
    make_synthesis: MakeSynthesis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = report.document(session, make_synthesis(include_empty_norms=True), "en")
    blocks = [html for _, html in pdf_report._blocks(doc)]
    monkeypatch.setattr(pdf_report, "PART_CHARS", 2 * max(map(len, blocks)))
    doc = report.document(session, make_synthesis(include_empty_norms=True), "en")
    parts = list(pdf_report._parts(doc))
    assert len(parts) > 1
    assert all(len(part) < 3 * max(map(len, blocks)) for part in parts)
    assert "".join(parts) == "".join(blocks)


def page(html: str, path: Path) -> Path:
    HTML(string=f"<html><body>{html}</body></html>").write_pdf(path)
    return path


def test_the_joiner_places_pages_and_escapes_what_it_writes(tmp_path: Path) -> None:
    one = page('<h1 id="one">One</h1><p style="break-before: page">Two</p>', tmp_path / "1.pdf")
    front = page("<h1>Front (a) \\ é 5 0 R</h1>", tmp_path / "front.pdf")
    out = BytesIO()
    joiner = pdf_join.Joiner(out)
    joiner.add(str(one))
    joiner.add(str(front), [(0, (10, 10, 50, 50), "one")], first=True)
    size = joiner.finish(
        "Title (x) \\ è",
        "fr",
        [pdf_join.Anchor("one", 1, 0, 700)],
        [pdf_join.Heading(1, "Front (a) \\ é 5 0 R", 0, 800), pdf_join.Heading(1, "One", 1, 700)],
    )
    assert size == len(out.getvalue())
    pdf = pikepdf.open(BytesIO(out.getvalue()))
    assert pdf.check_pdf_syntax() == []
    texts = [p.extract_text() for p in pypdf.PdfReader(BytesIO(out.getvalue())).pages]
    assert ["Front" in texts[0], "One" in texts[1], "Two" in texts[2]] == [True] * 3
    assert str(pdf.docinfo.Title) == "Title (x) \\ è" and str(pdf.Root.Lang) == "fr"
    (link,) = pdf.pages[0].Annots
    target = pikepdf.NameTree(pdf.Root.Names.Dests)[str(link.Dest)]
    assert target[0].objgen == pdf.pages[1].objgen
    with pdf.open_outline() as outline:
        assert [item.title for item in outline.root] == ["Front (a) \\ é 5 0 R", "One"]


def test_anchors_kept_in_columns_come_back_with_their_pages_shifted() -> None:
    anchors = pdf_join.Anchors()
    anchors.add([pdf_join.Anchor("p1", 0, 10.5, 700), pdf_join.Anchor("norm-13a", 2, 0, 650.25)])
    anchors.add([], 3)
    anchors.add([pdf_join.Anchor("p2", 1, 20, 600)], 3)
    anchors.shift(2)
    assert len(anchors) == 3
    assert list(anchors) == [
        pdf_join.Anchor("p1", 2, 10.5, 700),
        pdf_join.Anchor("norm-13a", 4, 0, 650.25),
        pdf_join.Anchor("p2", 6, 20, 600),
    ]


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "Practices drawn on"), ("fr", "Pratiques mobilisées")]
)
def test_a_chapter_never_leaves_its_practices_alone_on_a_page(
    session: Session, lang: str, heading: str
) -> None:
    # The demo sample, where chapters left one to four of them on a page of their own before the
    # next chapter's page: the list now goes whole with its heading.
    demo.load(session, "demo password 1")
    synthesis = snapshot.create(session, PRESIDENCY, SynthesisCreate(title="Sample"))
    data = report.render(session, synthesis, Format.pdf, lang)
    texts = [page.extract_text() for page in pypdf.PdfReader(BytesIO(data)).pages]
    annex = next(i for i, text in enumerate(texts) if i > 2 and re.search(r"^Annexe?$", text, re.M))
    listed = [i for i, text in enumerate(texts[:annex]) if re.search(r"^#\d+ [^\s,]", text, re.M)]
    assert listed  # the pattern finds the items of a list (a cited "#39" is not one)
    assert [i + 1 for i in listed if heading not in texts[i]] == []


def test_only_a_short_list_of_practices_is_kept_whole(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    # kept whole, a list longer than what is left of a page would leave that space blank
    doc = report.document(session, make_synthesis(), "en")
    chapter = next(c for c in doc.chapters if c.practices)
    long = replace(chapter, practices=chapter.practices * (PRACTICES_KEPT_WHOLE + 1))
    short = replace(chapter, practices=chapter.practices[:1])
    assert 'class="practices drawn-on"' in "".join(h for _, h in pdf_report._chapter(doc, short))
    assert "drawn-on" not in "".join(html for _, html in pdf_report._chapter(doc, long))
