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
from web.deps import ViewDep, url_with
from web.filters import PAGE_SIZE, Language, Norm, PageNumber, Participant, Text, Theme, Year
from web.practices import public_cards, reads

router = APIRouter(dependencies=[Depends(caching.conditional)])


@router.get("/search", response_class=HTMLResponse)
def search(
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
    if filters.q:
        rows, total = list_submissions(session, ANONYMOUS, filters, page, PAGE_SIZE, known)
        memo.keep_total(view.request, session, filters, total)
        participants = names.participants(session, view.lang)
        cards = [
            view.fragment("practice_card.html", item=item, names=participants, snippet=row.snippet)
            for item, row in zip(reads(session, ANONYMOUS, rows), rows, strict=True)
        ]
    else:
        cards, total = public_cards(
            session, view.fragment, view.lang, filters, page, PAGE_SIZE, known
        )
    return view.render(
        "search/results.html",
        cards=cards,
        total=total,
        page=page,
        page_size=PAGE_SIZE,
        filters=filters,
        refine=memo.fragment_of(
            view,
            session,
            ("refine", view.request.url.query),
            lambda: view.fragment(
                "search/_refine.html",
                filters=filters,
                facets=memo.facets_of(view.request, session, filters),
                names=names.participants(session, view.lang),
                theme_names=names.themes(session, view.lang),
                norm_titles={
                    n.code: f"{display(n.code)} {pick(n, 'title', view.lang)}"
                    for n in catalogue.list_norms(session)
                },
                url_with=lambda **params: url_with(view.request, **params),
            ),
        ),
    )
