"""Open data: the Atom feed of new practices, CSV and JSON exports, and the page describing them."""

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlmodel import Session

from api.deps import DatabaseDep, SessionDep, SettingsDep
from norms.characters import cleaned
from submissions import export, hybrid, public_version
from submissions.access import ANONYMOUS
from submissions.listing import Filters, list_submissions
from web import caching, names, templating
from web.deps import ViewDep
from web.filters import SearchFiltersDep
from web.practices import reads

router = APIRouter(dependencies=[Depends(caching.conditional)])
FEED_SIZE = 50
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@router.get("/data", response_class=HTMLResponse)
def data(view: ViewDep) -> HTMLResponse:
    return view.render("opendata/index.html", fields=export.FIELDS)


@router.get("/feed.atom")
def feed(view: ViewDep, session: SessionDep, settings: SettingsDep) -> Response:
    rows, _ = list_submissions(session, ANONYMOUS, Filters(), 1, FEED_SIZE)
    items = reads(session, ANONYMOUS, rows)
    context = view.context(
        items=items,
        base=settings.base_url.rstrip("/"),
        updated=max((i.published_at for i in items if i.published_at), default=None)
        or datetime(2019, 4, 6, tzinfo=UTC),
        names=names.participants(session, view.lang),
    )
    # text stored before forbidden characters were refused must not break the XML
    body = cleaned(templating.render("opendata/feed.xml", context))
    return view.finish(Response(body, media_type="application/atom+xml; charset=utf-8"))


def _cell(value: Any) -> str:
    """Text as is, except that spreadsheet formulas are defused."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _csv(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(export.FIELDS)
    for record in records:
        writer.writerow([_cell(record[name]) for name in export.FIELDS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _json(records: Iterable[dict[str, Any]], count: int, generated: str) -> Iterator[str]:
    yield f'{{"generated_at": {json.dumps(generated)}, "count": {count}, "items": ['
    for position, record in enumerate(records):
        yield ("," if position else "") + json.dumps(record, ensure_ascii=False)
    yield "]}"


def _download(request: Request, chunks: Iterator[str], media_type: str, name: str) -> Response:
    response = StreamingResponse(
        (chunk.encode() for chunk in chunks),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
    return caching.apply(request, response)


SEARCHED_AT_MOST = 1000  # a search's export holds its best matches, as its pages show them


def _selected(session: SessionDep, filters: Filters) -> list[int] | None:
    return hybrid.selected(session, filters, public_version.read(session), SEARCHED_AT_MOST)


def batch_sessions(database: DatabaseDep) -> Callable[[], AbstractContextManager[Session]]:
    """A short session per batch while the response streams: the request's own is closed once the
    route returns, and a slow download must not hold a connection."""
    return lambda: database.session(write=False)


BatchSessionsDep = Annotated[Callable[[], AbstractContextManager[Session]], Depends(batch_sessions)]


@router.get("/export/submissions.csv")
def export_csv(
    request: Request,
    session: SessionDep,
    sessions: BatchSessionsDep,
    settings: SettingsDep,
    filters: SearchFiltersDep,
) -> Response:
    records = export.published(sessions, settings.base_url, _selected(session, filters))
    return _download(request, _csv(records), "text/csv; charset=utf-8", "normbook-practices.csv")


@router.get("/export/submissions.json")
def export_json(
    request: Request,
    session: SessionDep,
    sessions: BatchSessionsDep,
    settings: SettingsDep,
    filters: SearchFiltersDep,
) -> Response:
    ids = _selected(session, filters)
    count = export.count(session, ids)
    generated = datetime.now(UTC).isoformat(timespec="seconds")
    records = export.published(sessions, settings.base_url, ids)
    return _download(
        request, _json(records, count, generated), "application/json", "normbook-practices.json"
    )
