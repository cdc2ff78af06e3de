"""The DOCX annex table's columns: fixed widths that fit their contents, in a small type."""

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt

# The participant's name and the total; the norms' columns share the rest of the page's width.
NAME, TOTAL = Cm(3.6), Cm(1.7)
FONT = Pt(8)  # thirteen columns on a portrait page
_CELL_MARGIN_TWIPS = "40"  # a norm's column must hold "13(a)" on one line


def fit(word, table) -> None:  # type: ignore[no-untyped-def]  # python-docx is untyped
    """Fixed widths rather than Word's and LibreOffice's even split, which broke names mid-word."""
    widths = column_widths(word, len(table.columns))
    table.autofit = False
    for column, size in zip(table.columns, widths, strict=True):
        column.width = size
    for row in table.rows:
        for cell, size in zip(row.cells, widths, strict=True):
            cell.width = size
            for run in cell.paragraphs[0].runs:
                run.font.size = FONT
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), _CELL_MARGIN_TWIPS)
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is None:
        properties.append(margins)
    else:
        look.addprevious(margins)  # the schema's order: the margins come before tblLook


def column_widths(word, count: int) -> list[Length]:  # type: ignore[no-untyped-def]
    """The name's, each norm's and the total's; a report without norms has the two alone."""
    section = word.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    norms = count - 2
    if norms == 0:
        return [Length(width - TOTAL), TOTAL]
    norm = Length((width - NAME - TOTAL) // norms)
    return [NAME, *[norm] * norms, TOTAL]
