"""The home page: what Normbook is, counts, the latest published practices."""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from api.deps import SessionDep
from norms import catalogue
from norms.lang import Lang
from submissions.access import ANONYMOUS
from submissions.listing import Filters, list_submissions
from web import caching, memo, names
from web.deps import ViewDep
from web.practices import reads

router = APIRouter(dependencies=[Depends(caching.conditional)])

# Extra sections of the home page, each (template, context); the synthesis pages add theirs.
PANELS: list[Callable[[Session, Lang], tuple[str, dict[str, Any]] | None]] = []


@router.get("/", response_class=HTMLResponse)
def home(view: ViewDep, session: SessionDep) -> HTMLResponse:
    known = memo.total_of(session, Filters())
    rows, _ = list_submissions(session, ANONYMOUS, Filters(), 1, 5, known)
    panels = [panel(session, view.lang) for panel in PANELS]
    return view.render(
        "home/index.html",
        latest=reads(session, ANONYMOUS, rows),
        counts=memo.coverage_of(session),
        norms=catalogue.list_norms(session),
        names=names.participants(session, view.lang),
        panels=[p for p in panels if p is not None],
    )
