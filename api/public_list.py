"""Anonymous lists as JSON, made of what is kept under the public-data version
(`submissions.public_version`): each practice's JSON, serialised once and shared by every list
showing it, and each list's answer but those (its practices' ids, its ETag and its end).

Asked again at the same version, a list costs the version's one read (`kept`); otherwise its
query runs, and only the practices not already kept are read and serialised (`respond`).
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


@dataclass(frozen=True)
class _Listed:
    """What a public list's answer is made of, kept under the version ("answer" shelf): its
    practices by id (their JSON stays on "practice json", so a kept answer pins no copy)."""

    tag: str
    ids: tuple[int, ...]
    tail: bytes  # total, page, page_size, next_cursor


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
    if if_none_match is not None and etag_matches(if_none_match, tag):
        return Answer(304, _headers(tag))
    ids, items, tail = _page(session, filters, page, page_size, version, cursor)
    key = (filters, page, page_size, cursor)
    public_version.store(version, "answer", key, _Listed(tag, ids, tail))
    return _found(tag, items, tail)


def kept(
    version: public_version.Version,
    filters: Filters,
    page: int,
    page_size: int,
    if_none_match: str | None,
    cursor: Cursor | None = None,
) -> Answer | None:
    """`respond`'s answer if all of it is kept at `version`, read just before, else None: in
    memory, no database (a session's three statements, and as many hand-overs of the interpreter
    between threads, cost a kept list 40% of its CPU when served)."""
    listed = public_version.known(version, "answer", (filters, page, page_size, cursor))
    if not isinstance(listed, _Listed):
        return None
    if if_none_match is not None and etag_matches(if_none_match, listed.tag):
        return Answer(304, _headers(listed.tag))
    items = public_version.known_many(version, "practice json", [(id_,) for id_ in listed.ids])
    if len(items) < len(listed.ids):
        return None  # a practice's JSON was let go since: made again by `respond`
    return _found(listed.tag, [items[(id_,)] for id_ in listed.ids], listed.tail)  # type: ignore[misc]


def _headers(tag: str) -> dict[str, str]:
    return {"ETag": tag, "Cache-Control": "no-cache", "Vary": "Authorization"}


def _found(tag: str, items: list[bytes], tail: bytes) -> Answer:
    body = b"".join((b'{"items":[', b",".join(items), b"],", tail))  # one copy of up to 1 MB
    return Answer(200, _headers(tag) | {"Content-Type": "application/json"}, body)


def etag(version: str, *request: object) -> str:
    return 'W/"' + hashlib.sha256(repr((version, request)).encode()).hexdigest()[:32] + '"'


def _page(
    session: Session,
    filters: Filters,
    page: int,
    page_size: int,
    version: public_version.Version,
    cursor: Cursor | None,
) -> tuple[tuple[int, ...], list[bytes], bytes]:
    """A page's practice ids, their JSON, and the document's end after the items (the same
    document as `Page[SubmissionRead]` for an anonymous reader)."""
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
    return tuple(key.id for key in keys.found), items, tail[1:].encode()


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
