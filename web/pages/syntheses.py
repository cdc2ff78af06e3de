"""Published syntheses for everyone: the list, one report inside the site, and its downloads."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlmodel import Session

from api import jobs, reports
from api.deps import SessionDep
from api.settings import get_settings
from norms.lang import Lang
from submissions.access import ANONYMOUS
from synthesis import service
from synthesis.models import Synthesis
from synthesis.schemas import Format
from web import caching
from web.deps import ViewDep
from web.pages import home

router = APIRouter(prefix="/syntheses", dependencies=[Depends(caching.conditional)])
IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]
LangQuery = Annotated[Lang, Query(description="Report language.")]
FORMATS = tuple(Format)
LANGS = tuple(Lang)


def latest_panel(session: Session, lang: Lang) -> tuple[str, dict[str, Any]] | None:
    published = service.list_syntheses(session, ANONYMOUS)
    if not published:
        return None
    latest = max(published, key=lambda s: (s.published_at or s.created_at, s.id or 0))
    counts = service.figures(session, [latest])
    return "syntheses/_latest.html", {"synthesis": latest, "figures": counts[latest.id or 0]}


home.PANELS.append(latest_panel)


def newest_first(syntheses: list[Synthesis]) -> list[Synthesis]:
    return sorted(
        syntheses, key=lambda s: (s.published_at or s.created_at, s.id or 0), reverse=True
    )


@router.get("", response_class=HTMLResponse)
def list_(view: ViewDep, session: SessionDep) -> HTMLResponse:
    published = newest_first(service.list_syntheses(session, ANONYMOUS))
    return view.render(
        "syntheses/list.html",
        syntheses=published,
        figures=service.figures(session, published),
        formats=FORMATS,
        langs=LANGS,
    )


@router.get("/{id}", response_class=HTMLResponse)
def detail(id: IdPath, view: ViewDep, session: SessionDep) -> Response:
    """The report in the page's language; a draft exists only for the presidency."""
    synthesis = service.get(session, view.actor, id)
    return view.render_spooled(
        "syntheses/detail.html",
        synthesis=synthesis,
        doc=service.page_document(session, synthesis, view.lang.value),
        figures=service.figures(session, [synthesis])[id],
        formats=FORMATS,
        langs=LANGS,
    )


@router.get("/{id}/report.{fmt}")
def download(
    id: IdPath,
    fmt: Format,
    view: ViewDep,
    session: SessionDep,
    request: Request,
    lang: LangQuery = Lang.en,
) -> Response:
    """The report file; `lang` names the report's language, not the site's, so no cookie is set.
    While it is made, a page that says so and refreshes itself (202)."""
    synthesis = service.get(session, view.actor, id)
    content = reports.ready(session, synthesis, fmt, lang.value, get_settings())
    if isinstance(content, jobs.Job):
        response: Response = view.render(
            "syntheses/preparing.html", 202, synthesis=synthesis, job=content
        )
        # Not the file: nothing a cache may keep or revalidate against once the file is made.
        for name in ("ETag", "Last-Modified"):
            del response.headers[name]
        response.headers["Cache-Control"] = "no-store"
        response.headers["Retry-After"] = "5"
        return response
    disposition = "inline" if fmt in {Format.html, Format.pdf} else "attachment"
    response = StreamingResponse(
        service.chunks(content),
        media_type=service.MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'{disposition}; filename="{service.filename(synthesis, fmt, lang.value)}"',
            "Content-Language": lang.value,
            "Content-Length": str(service.size(content)),
        },
    )
    return caching.apply(request, response)
