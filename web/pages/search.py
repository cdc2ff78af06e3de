"""Full-text search with highlighted snippets and facets: the same search as the API."""

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from norms import catalogue
from norms.codes import display
from norms.lang import pick
from submissions.access import ANONYMOUS
from submissions.listing import Filters, list_submissions
from web import caching, memo, names
from web.deps import ViewDep
from web.filters import PAGE_SIZE, Language, Norm, PageNumber, Participant, Text, Theme, Year
from web.practices import reads

router = APIRouter(dependencies=[Depends(caching.conditional)])


@router.get("/search", response_class=HTMLResponse)
async def search(
    view: ViewDep,
    session: SessionDep,
    q: Text = None,
    norm: Norm = None,
    participant: Participant = None,
    theme: Theme = None,
    language: Language = None,
    year: Year = None,
    page: PageNumber = 1,
) -> HTMLResponse:
    filters = Filters(
        norm=norm or None,
        participant=participant or None,
        theme=theme or None,
        language=language or None,
        year=year,
        q=(q or "").strip() or None,
    )
    known = memo.total_of(view.request, session, filters)
    rows, total = list_submissions(session, ANONYMOUS, filters, page, PAGE_SIZE, known)
    return view.render(
        "search/results.html",
        results=list(zip(reads(session, ANONYMOUS, rows), [r.snippet for r in rows], strict=True)),
        total=total,
        page=page,
        page_size=PAGE_SIZE,
        filters=filters,
        facets=memo.facets_of(view.request, session, filters),
        names=names.participants(session, view.lang),
        theme_names=names.themes(session, view.lang),
        norm_titles={
            n.code: f"{display(n.code)} {pick(n, 'title', view.lang)}"
            for n in catalogue.list_norms(session)
        },
    )
