"""The participant x norm matrix of published practices: where practice is thin."""

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from norms import catalogue
from submissions.coverage import UNATTRIBUTED, coverage
from web import caching, names
from web.deps import ViewDep

router = APIRouter(dependencies=[Depends(caching.conditional)])
LEVELS = 5


def level(count: int, maximum: int) -> int:
    """0 for none, then 1..LEVELS in proportion to the largest cell."""
    if count <= 0 or maximum <= 0:
        return 0
    return max(1, -(-count * LEVELS // maximum))


@router.get("/coverage", response_class=HTMLResponse)
def coverage_page(view: ViewDep, session: SessionDep) -> HTMLResponse:
    matrix = coverage(session)
    participant_names = names.participants(session, view.lang)
    rows = sorted(matrix.participants, key=lambda code: participant_names.get(code, code))
    if UNATTRIBUTED in matrix.by_participant:
        rows.append(UNATTRIBUTED)
    return view.render(
        "coverage/matrix.html",
        matrix=matrix,
        rows=rows,
        norms=catalogue.list_norms(session),
        names=participant_names,
        level=level,
        levels=LEVELS,
    )
