"""The norms: the list, and one norm with its guidance and its published practices."""

from urllib.parse import urlencode

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from norms import catalogue
from submissions.listing import Filters, chosen
from web import caching, memo, names
from web.deps import ViewDep
from web.filters import PAGE_SIZE, PageNumber, Participant, Theme, Year
from web.practices import public_cards

router = APIRouter(dependencies=[Depends(caching.conditional)])


@router.get("/norms", response_class=HTMLResponse)
def norm_list(view: ViewDep, session: SessionDep) -> HTMLResponse:
    return view.render(
        "norms/list.html",
        norms=catalogue.list_norms(session),
        counts=memo.coverage_of(session).by_norm,
        themes=catalogue.norm_themes(session),
        theme_names=names.themes(session, view.lang),
    )


@router.get("/norms/{code}", response_class=HTMLResponse)
def norm_detail(
    code: str,
    view: ViewDep,
    session: SessionDep,
    participant: Participant = None,
    theme: Theme = None,
    year: Year = None,
    page: PageNumber = 1,
) -> HTMLResponse:
    norm = memo.catalogue_of(session, code, lambda: catalogue.get_norm(session, code))
    filters = Filters(
        norm=(norm.code,), participant=chosen(participant), theme=chosen(theme), year=chosen(year)
    )
    known = memo.total_of(session, filters)
    cards, total = public_cards(session, view.fragment, view.lang, filters, page, PAGE_SIZE, known)
    return view.render(
        "norms/detail.html",
        norm=norm,
        cards=cards,
        total=total,
        page=page,
        page_size=PAGE_SIZE,
        filters=filters,
        export_query=urlencode(
            {name: getattr(filters, name) for name in ("norm", "participant", "theme", "year")},
            doseq=True,
        ),
        filter_form=memo.fragment_of(
            view,
            session,
            ("norm filters", filters),
            lambda: view.fragment(
                "norms/_filters.html",
                norm=norm,
                filters=filters,
                options=memo.facets_of(session, Filters(norm=(norm.code,))),
                names=names.participants(session, view.lang),
                theme_names=names.themes(session, view.lang),
            ),
        ),
        norm_themes=memo.catalogue_of(
            session, "norm themes", lambda: catalogue.norm_themes(session)
        ).get(norm.code, []),
        theme_names=names.themes(session, view.lang),
    )
