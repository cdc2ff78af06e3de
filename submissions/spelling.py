""" "Did you mean …?": unknown words of a query replaced by the closest word the public texts use."""

import difflib
import re
from collections import Counter
from collections.abc import Hashable
from threading import Lock

from sqlalchemy import select
from sqlmodel import Session, col

from norms.participants import all_participants
from submissions.access import ANONYMOUS, shown_revision_clause, visible_to
from submissions.models import Revision, Submission
from submissions.understanding import fold

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_kept: dict[Hashable, dict[str, str]] = {}
_lock = Lock()


def vocabulary(session: Session, stamp: Hashable) -> dict[str, str]:
    """Folded word -> its commonest written form, from the public titles and summaries and the
    participants' names; read once per change of the public data."""
    with _lock:  # read by one thread, the searches arriving meanwhile wait for it
        known = _kept.get(stamp)
        if known is None:
            _kept.clear()  # one version at a time: the old one is freed before the new is read
            known = _kept[stamp] = _read(session)
        return known


def _read(session: Session) -> dict[str, str]:
    counts: Counter[str] = Counter()
    rows = session.execute(
        select(col(Revision.title), col(Revision.summary))
        .select_from(Submission)
        .join(Revision, shown_revision_clause(ANONYMOUS))
        .where(visible_to(ANONYMOUS))
    )
    for title, summary in rows:
        counts.update(_WORD.findall(f"{title} {summary or ''}".lower()))
    for record in all_participants():
        counts.update(_WORD.findall(f"{record.name_en} {record.name_fr}".lower()))
    words: dict[str, str] = {}
    for word, _ in counts.most_common():
        words.setdefault(fold(word), word)
    return words


def suggest(session: Session, stamp: Hashable, query: str) -> str | None:
    """The query with each word the texts never use replaced by the closest one they do, if any."""
    words = vocabulary(session, stamp)
    changed = False
    corrected: list[str] = []
    for typed in query.split():
        key = fold(typed)
        if len(key) < 4 or key in words or not key.isalpha():
            corrected.append(typed)
            continue
        near = [w for w in words if w[0] == key[0] and abs(len(w) - len(key)) <= 2]
        close = difflib.get_close_matches(key, near, n=1, cutoff=0.8)
        if close:
            corrected.append(words[close[0]])
            changed = True
        else:
            corrected.append(typed)
    return " ".join(corrected) if changed else None
