"""Search with highlighted snippets and facets: what the query names becomes filters, and the
full-text and multilingual rankings are fused (submissions.hybrid)."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from api.deps import SessionDep
from submissions import hybrid, public_version
from submissions.listing import Filters
from web import caching, memo, names
from web.deps import View, ViewDep, url_toggled, url_with
from web.filters import PAGE_SIZE, PageNumber, SearchFiltersDep
from web.practices import public_cards, searched_cards

router = APIRouter(dependencies=[Depends(caching.conditional)])
Sort = Annotated[str, Query(pattern="^(relevance|newest|oldest)$")]


@router.get("/search", response_class=HTMLResponse)
def search(
    view: ViewDep,
    session: SessionDep,
    filters: SearchFiltersDep,
    page: PageNumber = 1,
    sort: Sort = "relevance",
) -> HTMLResponse:
    """Any of the values chosen within a facet, and every facet chosen, as `listing.Filters`."""
    suggestion = None
    if filters.q:
        found = hybrid.find(session, filters, public_version.read(session), page, PAGE_SIZE, sort)
        total, suggestion = found.total, found.suggestion
        cards = searched_cards(session, view.fragment, view.lang, found)
        facet_filters = found.filters or filters
    else:
        known = memo.total_of(session, filters)
        cards, total = public_cards(
            session, view.fragment, view.lang, filters, page, PAGE_SIZE, known
        )
        facet_filters = filters
    shown_filters = {
        name: value
        for name in ("q", "norm", "participant", "theme", "language", "year")
        if (value := getattr(filters, name))
    }
    return view.render(
        "search/results.html",
        chosen=chosen(view, session, filters),
        export_query=urlencode(shown_filters, doseq=True),
        cards=cards,
        total=total,
        page=page,
        page_size=PAGE_SIZE,
        filters=filters,
        sort=sort,
        suggestion=suggestion,
        refine=memo.fragment_of(
            view,
            session,
            ("refine", view.request.url.query),
            lambda: view.fragment(
                "search/_refine.html",
                filters=facet_filters,
                facets=memo.facets_of(session, facet_filters),
                names=names.participants(session, view.lang),
                theme_names=names.themes(session, view.lang),
                norm_titles=names.norms(session, view.lang),
                url_with=lambda **params: url_with(view.request, **params),
                url_toggled=lambda key, value: url_toggled(view.request, key, value),
            ),
        ),
    )


def chosen(view: View, session: Session, filters: Filters) -> list[tuple[str, str]]:
    """The filters in force, each with the link that removes it: shown above the results, since
    on a phone the facets come after them."""
    labels: dict[str, dict[str, str]] = {
        "norm": names.norms(session, view.lang),
        "participant": names.participants(session, view.lang),
        "theme": names.themes(session, view.lang),
        "language": {"en": view.gettext("English"), "fr": view.gettext("French")},
    }
    return [
        (
            labels.get(key, {}).get(str(value), str(value)),
            url_toggled(view.request, key, str(value)),
        )
        for key in ("norm", "participant", "theme", "language", "year")
        for value in getattr(filters, key)
    ]
