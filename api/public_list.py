"""Anonymous lists as JSON: each practice is serialised once per public-data version and reused by
later lists.

A list still runs its query every time (the keys of the page), but reads the wide rows and
serialises only the practices not already kept (`submissions.public_version`).
"""

import hashlib
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session

from api.headers import etag_matches
from norms.errors import Invalid
from submissions import hybrid, present, public_version, search
from submissions.access import ANONYMOUS
from submissions.cursors import Cursor
from submissions.listing import (
    Filters,
    Keys,
    count_submissions,
    load_rows,
    public_keys,
    public_page,
)
from submissions.schemas import SubmissionRead

V = TypeVar("V")


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
    public-data version and the request, checked before any list query runs."""
    version = public_version.read(session)
    tag = etag(version.key, filters, page, page_size, cursor)
    headers = {"ETag": tag, "Cache-Control": "no-cache", "Vary": "Authorization"}
    if if_none_match is not None and etag_matches(if_none_match, tag):
        return Answer(304, headers)
    body = page_json(session, filters, page, page_size, version, cursor)
    return Answer(200, headers | {"Content-Type": "application/json"}, body)


def etag(version: str, *request: object) -> str:
    return 'W/"' + hashlib.sha256(repr((version, request)).encode()).hexdigest()[:32] + '"'


def page_json(
    session: Session,
    filters: Filters,
    page: int,
    page_size: int,
    version: public_version.Version | None = None,
    cursor: Cursor | None = None,
) -> bytes:
    """The same document as `Page[SubmissionRead]` for an anonymous reader, as bytes."""
    version = version or public_version.read(session)
    if search.is_searchable(filters.q):
        keys = _searched(session, filters, page, page_size, version, cursor)
    else:
        known = total(session, version, filters)
        keys = public_page(session, version, filters, page, page_size, known, cursor)
        public_version.store(version, "aggregate", ("total", filters), keys.total)
    items = rendered(
        session,
        version,
        keys.found,
        "practice json",
        lambda read: read.model_dump_json().encode(),
    )
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


def total(session: Session, version: public_version.Version, filters: Filters) -> int | None:
    """How many practices a public list shows; a search counts as it ranks, the first time."""
    if search.is_searchable(filters.q):
        return public_version.known(version, "aggregate", ("total", filters))  # type: ignore[return-value]
    return public_version.remember(
        version,
        "aggregate",
        ("total", filters),
        lambda: count_submissions(session, ANONYMOUS, filters),
    )


def _searched(
    session: Session,
    filters: Filters,
    page: int,
    page_size: int,
    version: public_version.Version,
    cursor: Cursor | None,
) -> Keys:
    """The search page's ranking (submissions.hybrid): full text and meaning, in both languages."""
    if cursor is not None:
        raise Invalid("cursor", "a search is paged by page number", "query")

    def keys() -> Keys:
        ids, total = hybrid.found_ids(session, filters, version, page, page_size)
        return Keys(public_keys(session, ids), total)

    return public_version.remember(version, "page", ("searched", filters, page, page_size), keys)


def rendered(
    session: Session,
    version: public_version.Version,
    found: list[Any],
    shelf: str,
    render: Callable[[SubmissionRead], V],
    *variant: Hashable,
) -> list[V]:
    """What `render` makes of each practice `page_keys` found, in order, for anonymous readers.

    Kept on `shelf` under (id, *variant) at this version; the others are read in one query and
    rendered once.
    """
    kept = public_version.known_many(version, shelf, [(key.id, *variant) for key in found])
    done: dict[int, V] = {key[0]: value for key, value in kept.items()}  # type: ignore[index, misc]
    missing = [key for key in found if key.id not in done]
    if missing:
        cycles = present.cycle_codes(session)
        for row in load_rows(session, ANONYMOUS, missing):
            read = present.to_read(ANONYMOUS, row.submission, row.revision, cycles)
            done[read.id] = render(read)
            public_version.store(version, shelf, (read.id, *variant), done[read.id])
    return [done[key.id] for key in found]
