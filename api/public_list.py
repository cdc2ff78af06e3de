"""Anonymous lists as JSON: each practice is serialised once per version and reused by later lists.

A list still runs its query every time (the keys of the page: id, version, shown revision), but
reads the wide rows and serialises only the practices not already kept. A practice's JSON depends on
nothing else for anonymous readers: every change bumps the version and `updated_at`, and
revisions never change.
"""

import hashlib
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session

from api import memo
from api.headers import etag_matches
from api.kept import Kept
from norms.errors import Invalid
from submissions import hybrid, present, search
from submissions.access import ANONYMOUS
from submissions.cursors import Cursor
from submissions.listing import (
    Filters,
    Keys,
    count_submissions,
    load_rows,
    page_keys,
    public_keys,
)
from submissions.schemas import SubmissionRead

V = TypeVar("V")

_kept: Kept[bytes] = Kept(limit=4000)  # practices per process, about 10 kB each


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes = b""


def respond(
    session: Session,
    filters: Filters,
    page: int,
    page_size: int,
    if_none_match: str | None,
    cursor: Cursor | None = None,
) -> Answer:
    """An anonymous list or search, or 304 when the reader's copy is current: the ETag is the
    public data's stamp and the request, checked before any list query runs."""
    stamp = memo.practices_stamp(session)
    tag = etag(stamp, filters, page, page_size, cursor)
    headers = {"ETag": tag, "Cache-Control": "no-cache", "Vary": "Authorization"}
    if if_none_match is not None and etag_matches(if_none_match, tag):
        return Answer(304, headers)
    body = page_json(session, filters, page, page_size, stamp, cursor)
    return Answer(200, headers | {"Content-Type": "application/json"}, body)


def etag(stamp: object, *request: object) -> str:
    return 'W/"' + hashlib.sha256(repr((stamp, request)).encode()).hexdigest()[:32] + '"'


def page_json(
    session: Session,
    filters: Filters,
    page: int,
    page_size: int,
    stamp: object = None,
    cursor: Cursor | None = None,
) -> bytes:
    """The same document as `Page[SubmissionRead]` for an anonymous reader, as bytes."""
    stamp = stamp or memo.practices_stamp(session)
    if search.is_searchable(filters.q):
        keys = _searched(session, filters, page, page_size, stamp, cursor)
    else:
        known = memo.remember(
            stamp, ("total", filters), lambda: count_submissions(session, ANONYMOUS, filters)
        )
        keys = page_keys(session, ANONYMOUS, filters, page, page_size, known, cursor=cursor)  # type: ignore[arg-type]
    items = rendered(session, keys.found, _kept, lambda read: read.model_dump_json().encode())
    tail = json.dumps(
        {
            "total": keys.total,
            "page": page,
            "page_size": page_size,
            "next_cursor": keys.next_cursor,
        }
    )
    parts = [b'{"items":[']
    for index, item in enumerate(items):
        parts += (b",", item) if index else (item,)
    parts.append(b"]," + tail[1:].encode())
    return b"".join(parts)  # one copy of a page that may weigh half a megabyte


def _searched(
    session: Session,
    filters: Filters,
    page: int,
    page_size: int,
    stamp: object,
    cursor: Cursor | None,
) -> Keys:
    """The search page's ranking (submissions.hybrid): full text and meaning, in both languages."""
    if cursor is not None:
        raise Invalid("cursor", "a search is paged by page number", "query")
    ids, total = hybrid.found_ids(session, filters, stamp, page, page_size)  # type: ignore[arg-type]
    return Keys(public_keys(session, ids), total)


def rendered(
    session: Session,
    found: list[Any],
    kept: Kept[V],
    render: Callable[[SubmissionRead], V],
    *variant: Hashable,
) -> list[V]:
    """What `render` makes of each practice `page_keys` found, in order, for anonymous readers.

    Kept under (id, version, `updated_at`, revision, *variant): any change to a practice misses.
    The others are read in one query and rendered once.
    """
    identity = {
        key.id: (key.id, key.version, key.updated_at, key.revision_id, *variant) for key in found
    }
    done = {id_: value for id_, key in identity.items() if (value := kept.get(key)) is not None}
    missing = [key for key in found if key.id not in done]
    if missing:
        cycles = present.cycle_codes(session)
        for row in load_rows(session, ANONYMOUS, missing, None):
            read = present.to_read(ANONYMOUS, row.submission, row.revision, cycles)
            done[read.id] = render(read)
            kept.put(identity[read.id], done[read.id])
    return [done[key.id] for key in found]
