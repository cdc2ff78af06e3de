"""Participants side by side, one column each and one row per norm."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from norms import catalogue
from submissions import compare as comparing
from web import caching, memo, names
from web.deps import ViewDep

router = APIRouter(dependencies=[Depends(caching.conditional)])
Codes = Annotated[str | None, Query(max_length=40)]
Chosen = Annotated[list[str], Query(max_length=comparing.MOST)]


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    view: ViewDep,
    session: SessionDep,
    participants: Codes = None,
    p: Chosen = [],  # noqa: B006
) -> HTMLResponse:
    """`?participants=FRA,DEU` (a link) or `?p=FRA&p=DEU` (the form's choices)."""
    asked = ",".join([participants or "", *p])
    chosen = [code.strip().upper() for code in asked.split(",") if code.strip()]
    known = {participant.code for participant in catalogue.list_participants(session)}
    comparison = None
    if len(set(chosen)) >= 2 or any(code not in known for code in chosen):
        comparison = comparing.compare(session, comparing.codes(asked, known))
    contributors = memo.coverage_of(session).participants
    participant_names = names.participants(session, view.lang)
    return view.render(
        "compare/page.html",
        comparison=comparison,
        chosen=chosen,
        contributors=sorted(contributors, key=lambda code: participant_names.get(code, code)),
        names=participant_names,
        theme_names=names.themes(session, view.lang),
        norms=catalogue.list_norms(session),
        most=comparing.MOST,
    )
