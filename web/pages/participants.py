"""States and organisations: who has contributed, and one participant's practices by norm."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from norms import catalogue
from norms.lang import pick
from norms.participants import REGIONAL_GROUPS, regional_groups
from submissions.access import ANONYMOUS
from submissions.listing import Filters, list_submissions
from submissions.understanding import fold
from web import caching, memo, names
from web.deps import ViewDep
from web.practices import reads

router = APIRouter(dependencies=[Depends(caching.conditional)])
SHOWN = 500


Group = Annotated[str | None, Query(pattern="^(" + "|".join(REGIONAL_GROUPS) + ")?$")]
Name = Annotated[str | None, Query(max_length=100)]
Flag = Annotated[bool, Query()]


@router.get("/participants", response_class=HTMLResponse)
def participant_list(
    view: ViewDep,
    session: SessionDep,
    name: Name = None,
    group: Group = None,
    g7: Flag = False,
    contributors: Flag = False,
) -> HTMLResponse:
    counts = memo.coverage_of(session).by_participant
    groups = regional_groups()
    wanted = fold(name or "")
    shown = [
        p
        for p in catalogue.list_participants(session)
        if (not wanted or wanted in fold(pick(p, "name", view.lang)) or wanted == fold(p.code))
        and (not group or groups.get(p.code) == group)
        and (not g7 or p.is_g7 or p.code == "EU")
        and (not contributors or counts.get(p.code))
    ]
    shown.sort(key=lambda p: fold(pick(p, "name", view.lang)))
    by_letter: dict[str, list[object]] = {}
    for p in shown:
        by_letter.setdefault(fold(pick(p, "name", view.lang))[:1].upper(), []).append(p)
    return view.render(
        "participants/list.html",
        by_letter=by_letter,
        shown=len(shown),
        counts=counts,
        groups=groups,
        group_names=REGIONAL_GROUPS,
        chosen={"name": name or "", "group": group, "g7": g7, "contributors": contributors},
    )


@router.get("/participants/{code}", response_class=HTMLResponse)
def participant_detail(code: str, view: ViewDep, session: SessionDep) -> HTMLResponse:
    participant = catalogue.get_participant(session, code[:3])
    rows, total = list_submissions(
        session, ANONYMOUS, Filters(participant=(participant.code,)), 1, SHOWN
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
