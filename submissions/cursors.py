"""Keyset pagination: an opaque cursor naming where a list sorted newest first stopped.

A page after the cursor is read with `(moment, id) < (cursor's moment, cursor's id)` on the index
the list walks anyway, so a page deep in a list costs what the first page costs, where an offset
walks every row before it.
"""

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, tuple_
from sqlmodel import col

from norms.codes import version_number
from norms.errors import Invalid
from submissions.access import Actor
from submissions.models import Submission

# What each list is sorted by: the public's lists by publication, everyone else's by last change.
PUBLISHED, UPDATED = "p", "u"


@dataclass(frozen=True)
class Cursor:
    order: str
    moment: datetime
    id: int

    def encode(self) -> str:
        text = f"{self.order}|{self.moment.isoformat()}|{self.id}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def values(self) -> dict[str, Any]:
        return {"after_moment": self.moment, "after_id": self.id}


def order_of(actor: Actor) -> str:
    return PUBLISHED if actor.is_anonymous else UPDATED


def decode(text: str, actor: Actor) -> Cursor:
    """The cursor a previous page gave this kind of reader, or a field error."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        order, moment, id_ = raw.split("|")
        when = datetime.fromisoformat(moment)
        if when.tzinfo is None:  # every cursor this list gives carries its offset
            raise ValueError("naive moment")
        number = version_number(id_)
        if number is None:
            raise ValueError("not an id")
        cursor = Cursor(order, when.astimezone(UTC), number)
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError) as error:
        raise Invalid("cursor", _FOREIGN, "query") from error
    if cursor.order != order_of(actor) or not 0 < cursor.id < 2**31:
        raise Invalid("cursor", _FOREIGN, "query")
    return cursor


_FOREIGN = "not a cursor this list gave: start again from page 1"


def after(order: str) -> Any:
    """The WHERE clause of the rows after a cursor, with bound parameters."""
    moment = col(Submission.published_at) if order == PUBLISHED else col(Submission.updated_at)
    return tuple_(moment, col(Submission.id)) < tuple_(
        bindparam("after_moment", type_=Submission.__table__.c.updated_at.type),  # type: ignore[attr-defined]
        bindparam("after_id"),
    )


def next_cursor(actor: Actor, last: Any) -> str | None:
    """The cursor of the page after the one ending with key row `last`."""
    order = order_of(actor)
    moment = last.published_at if order == PUBLISHED else last.updated_at
    return None if moment is None else Cursor(order, moment, last.id).encode()
