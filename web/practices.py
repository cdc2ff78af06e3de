"""Listing rows in the shape pages display, through the same presenter as the API."""

from sqlmodel import Session

from submissions import present
from submissions.access import Actor
from submissions.listing import Row
from submissions.schemas import SubmissionRead


def reads(session: Session, actor: Actor, rows: list[Row]) -> list[SubmissionRead]:
    cycles = present.cycle_codes(session)
    return [present.to_read(actor, row.submission, row.revision, cycles) for row in rows]
