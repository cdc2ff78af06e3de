"""States and organisations: who has contributed, and one participant's practices by norm."""

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from norms import catalogue
from norms.lang import pick
from submissions.access import ANONYMOUS
from submissions.listing import Filters, list_submissions
from web import caching, memo, names
from web.deps import ViewDep
from web.practices import reads

router = APIRouter(dependencies=[Depends(caching.conditional)])
SHOWN = 500


@router.get("/participants", response_class=HTMLResponse)
def participant_list(view: ViewDep, session: SessionDep) -> HTMLResponse:
    everyone = catalogue.list_participants(session)
    everyone.sort(key=lambda p: pick(p, "name", view.lang))
    return view.render(
        "participants/list.html",
        participants=everyone,
        counts=memo.coverage_of(view.request, session).by_participant,
    )


@router.get("/participants/{code}", response_class=HTMLResponse)
def participant_detail(code: str, view: ViewDep, session: SessionDep) -> HTMLResponse:
    participant = catalogue.get_participant(session, code[:3])
    rows, total = list_submissions(
        session, ANONYMOUS, Filters(participant=participant.code), 1, SHOWN
    )
    items = reads(session, ANONYMOUS, rows)
    norms = catalogue.list_norms(session)
    by_norm = {n.code: [i for i in items if n.code in i.norms] for n in norms}
    return view.render(
        "participants/detail.html",
        participant=participant,
        norms=[n for n in norms if by_norm[n.code]],
        by_norm=by_norm,
        total=total,
        shown=len(items),
        names=names.participants(session, view.lang),
    )
