"""The participant x norm matrix of published practices: where practice is thin."""

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from sqlmodel import Session

from api.deps import SessionDep
from norms import catalogue
from submissions.coverage import UNATTRIBUTED, Coverage
from web import caching, memo, names
from web.deps import View, ViewDep

router = APIRouter(dependencies=[Depends(caching.conditional)])
LEVELS = 5


def level(count: int, maximum: int) -> int:
    """0 for none, then 1..LEVELS in proportion to the largest cell."""
    if count <= 0 or maximum <= 0:
        return 0
    return max(1, -(-count * LEVELS // maximum))


def heat_map(
    matrix: Coverage, rows: list[str], norms: list[str]
) -> dict[str, list[tuple[int, int]]]:
    """(count, heat level) per row and norm, computed here: a template call per cell costs more."""
    maximum = matrix.maximum
    return {
        who: [(n, level(n, maximum)) for n in (matrix.cells.get((who, code), 0) for code in norms)]
        for who in rows
    }


@router.get("/coverage", response_class=HTMLResponse)
def coverage_page(view: ViewDep, session: SessionDep) -> HTMLResponse:
    return view.render(
        "coverage/matrix.html",
        matrix_html=memo.fragment_of(view, session, "coverage", lambda: _matrix(view, session)),
    )


def _matrix(view: View, session: Session) -> Markup:
    """The whole matrix: about 2,000 cells, drawn once per change of the public data."""
    matrix = memo.coverage_of(session)
    participant_names = names.participants(session, view.lang)
    rows = sorted(matrix.participants, key=lambda code: participant_names.get(code, code))
    if UNATTRIBUTED in matrix.by_participant:
        rows.append(UNATTRIBUTED)
    norms = catalogue.list_norms(session)
    return view.fragment(
        "coverage/_matrix.html",
        matrix=matrix,
        cells=heat_map(matrix, rows, [n.code for n in norms]),
        rows=rows,
        norms=norms,
        names=participant_names,
        levels=LEVELS,
    )
