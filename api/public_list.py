"""Anonymous lists as JSON: each practice is serialised once per version and reused by later lists.

A list still runs its query every time (the keys of the page: id, version, shown revision), but
reads the wide rows and serialises only the practices not already kept. A practice's JSON depends on
nothing else for anonymous readers: every change bumps the version and `updated_at`, and
revisions never change.
"""

import json
from collections import OrderedDict
from threading import Lock

from sqlmodel import Session

from api import memo
from submissions import present, search
from submissions.access import ANONYMOUS
from submissions.listing import Filters, count_submissions, load_rows, page_keys

LIMIT = 4000  # practices kept per process, about 10 kB each

_kept: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
_lock = Lock()


def page_json(session: Session, filters: Filters, page: int, page_size: int) -> bytes:
    """The same document as `Page[SubmissionRead]` for an anonymous reader, as bytes."""
    known = None
    if not search.is_searchable(filters.q):
        known = memo.remember(
            memo.practices_stamp(session),
            ("total", filters),
            lambda: count_submissions(session, ANONYMOUS, filters),
        )
    found, total, _ = page_keys(session, ANONYMOUS, filters, page, page_size, known)
    items: dict[int, bytes] = {}
    with _lock:
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
            keep((read.id, submission.version, submission.updated_at, row.revision.id), serialised)
    tail = json.dumps({"total": total, "page": page, "page_size": page_size})
    return b'{"items":[' + b",".join(items[k.id] for k in found) + b"]," + tail[1:].encode()


def keep(key: tuple[object, ...], serialised: bytes) -> None:
    with _lock:
        _kept[key] = serialised
        while len(_kept) > LIMIT:
            _kept.popitem(last=False)
