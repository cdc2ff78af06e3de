"""Anonymous lists as JSON: each practice is serialised once per version and reused by later lists.

A list still runs its query every time (the keys of the page: id, version, shown revision), but
reads the wide rows and serialises only the practices not already kept. A practice's JSON depends on
nothing else for anonymous readers: every change bumps the version and `updated_at`, and
revisions never change.
"""

import hashlib
import json
from dataclasses import dataclass

from sqlmodel import Session

from api import memo
from api.kept import Kept
from submissions import present, search
from submissions.access import ANONYMOUS
from submissions.listing import Filters, count_submissions, load_rows, page_keys

_kept: Kept[bytes] = Kept(limit=4000)  # practices per process, about 10 kB each


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes = b""


def respond(
    session: Session, filters: Filters, page: int, page_size: int, if_none_match: str | None
) -> Answer:
    """An anonymous list or search, or 304 when the reader's copy is current: the ETag is the
    public data's stamp and the request, checked before any list query runs."""
    stamp = memo.practices_stamp(session)
    tag = etag(stamp, filters, page, page_size)
    headers = {"ETag": tag, "Cache-Control": "no-cache", "Vary": "Authorization"}
    if if_none_match is not None and matches(if_none_match, tag):
        return Answer(304, headers)
    body = page_json(session, filters, page, page_size, stamp)
    return Answer(200, headers | {"Content-Type": "application/json"}, body)


def etag(stamp: object, *request: object) -> str:
    return 'W/"' + hashlib.sha256(repr((stamp, request)).encode()).hexdigest()[:32] + '"'


def matches(if_none_match: str, tag: str) -> bool:
    """Weak comparison (RFC 9110 §13.1.2), as If-None-Match asks."""
    wanted = tag.removeprefix("W/")
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return wanted in tags or "*" in tags


def page_json(
    session: Session, filters: Filters, page: int, page_size: int, stamp: object = None
) -> bytes:
    """The same document as `Page[SubmissionRead]` for an anonymous reader, as bytes."""
    stamp = stamp or memo.practices_stamp(session)
    if search.is_searchable(filters.q):  # a search counts as it ranks, the first time
        known = memo.known(stamp, ("total", filters))
    else:
        known = memo.remember(
            stamp, ("total", filters), lambda: count_submissions(session, ANONYMOUS, filters)
        )
    found, total, _ = page_keys(session, ANONYMOUS, filters, page, page_size, known)  # type: ignore[arg-type]
    memo.store(stamp, ("total", filters), total)
    items: dict[int, bytes] = {}
    for key in found:
        kept = _kept.get((key.id, key.version, key.updated_at, key.revision_id))
        if kept is not None:
            items[key.id] = kept
    missing = [key for key in found if key.id not in items]
    if missing:
        cycles = present.cycle_codes(session)
        for row in load_rows(session, ANONYMOUS, missing, None):
            read = present.to_read(ANONYMOUS, row.submission, row.revision, cycles)
            items[read.id] = serialised = read.model_dump_json().encode()
            submission = row.submission
            _kept.put(
                (read.id, submission.version, submission.updated_at, row.revision.id), serialised
            )
    tail = json.dumps({"total": total, "page": page, "page_size": page_size})
    parts = [b'{"items":[']
    for index, key in enumerate(found):
        parts += (b",", items[key.id]) if index else (items[key.id],)
    parts.append(b"]," + tail[1:].encode())
    return b"".join(parts)  # one copy of a page that may weigh half a megabyte
