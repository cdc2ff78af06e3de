"""The PDF is tagged (PDF/UA-1) through the joining of its parts: one structure tree whose parent
tree matches every page's marked content and every link, the document's language and the
language of each passage written in the other one."""

import re
from collections.abc import Callable
from io import BytesIO

import pikepdf
import pytest
from sqlmodel import Session

from synthesis.models import Synthesis
from synthesis.render import pdf_report, report
from synthesis.schemas import Format
from tests.synthesis.conftest import Practices

MakeSynthesis = Callable[..., Synthesis]


@pytest.fixture(params=[pdf_report.PART_CHARS, 600], ids=["whole", "a-part-a-block"])
def part_chars(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(pdf_report, "PART_CHARS", request.param)
    return int(request.param)


def _elements(root: pikepdf.Object) -> list[pikepdf.Dictionary]:
    """The structure elements under the root, in document order."""
    found: list[pikepdf.Dictionary] = []
    stack = [root]
    while stack:
        element = stack.pop()
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in reversed(kids):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != pikepdf.Name.OBJR:
                found.append(kid)
                stack.append(kid)
    return found


def test_joined_pdf_keeps_one_structure_tree(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis, part_chars: int
) -> None:
    doc = report.document(session, make_synthesis(include_empty_norms=True), "en")
    pdf = pikepdf.open(BytesIO(report.render_document(doc, Format.pdf)))
    root = pdf.Root
    assert root.Lang == "en"
    assert root.MarkInfo.Marked is True
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert pdf.open_metadata().get("pdfuaid:part") == "1"
    tree = root.StructTreeRoot
    (document,) = list(tree.K)
    assert document.S == "/Document" and document.P.objgen == tree.objgen
    elements = _elements(tree)
    reached = {e.objgen for e in elements if e.is_indirect}
    parents = pikepdf.NumberTree(tree.ParentTree)
    # each page's marked content belongs to elements of the tree, on that page, but for the
    # running title and page number, which WeasyPrint tags outside the tree (its margin boxes)
    for page in pdf.pages:
        marked = re.findall(rb"/MCID (\d+)", page.obj.Contents.read_bytes())
        owners = parents[int(page.obj.StructParents)]
        assert len(owners) == len(marked) > 0
        outside = [owner for owner in owners if owner.objgen not in reached]
        assert len(outside) <= 2
        for owner in owners:
            assert owner.Pg.objgen == page.obj.objgen
            top = owner
            while top.P.objgen != document.objgen:
                top = top.P
            assert top.objgen in reached or owner in outside
    # each link (those WeasyPrint made and the contents' added when joining) is tagged
    annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
    assert len(annotations) > len(pdf.pages)
    for annotation in annotations:
        link = parents[int(annotation.StructParent)]
        assert link.S == "/Link" and link.objgen in reached
        assert any(
            isinstance(k, pikepdf.Dictionary) and k.get("/Obj") == annotation for k in link.K
        )
    assert int(tree.ParentTreeNextKey) == max(k for k, _ in parents.items()) + 1
    # headings in reading order: the contents, then the chapters as the contents list them
    headings = [e for e in elements if e.S == "/H2"]
    assert len(headings) == 1 + len(doc.contents)
    assert not [e for e in elements if e.S == "/Figure" and "/Alt" not in e]


@pytest.mark.parametrize(("lang", "other"), [("en", "fr"), ("fr", "en")])
def test_passages_in_the_other_language_are_tagged_with_it(
    session: Session,
    practices: Practices,
    make_synthesis: MakeSynthesis,
    lang: str,
    other: str,
) -> None:
    synthesis = make_synthesis()
    pdf = pikepdf.open(BytesIO(report.render(session, synthesis, Format.pdf, lang)))
    assert pdf.Root.Lang == lang
    (document, *passages) = _elements(pdf.Root.StructTreeRoot)
    assert document.Lang == lang
    tagged = [e for e in passages if "/Lang" in e]
    assert tagged and {str(e.Lang) for e in tagged} == {other}
    html = report.render(session, synthesis, Format.html, lang).decode()
    assert f'<html lang="{lang}">' in html
    if lang == "en":  # the anonymised practice is written in French
        assert '<span lang="fr">Publier une politique de divulgation claire' in html
        assert re.search(r'<a href="[^"]*/practices/\d+" lang="fr">#\d+ Programme', html)
    else:
        assert '<span lang="en">Review the register of operators' in html
