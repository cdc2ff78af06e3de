"""Practices as pages show them: read shapes through the API's presenter, and public practice cards
rendered once per public-data version and language, then reused by every list that shows them."""

from collections.abc import Callable

from markupsafe import Markup
from sqlmodel import Session

from api.public_list import rendered
from submissions import present, public_version
from submissions.access import ANONYMOUS, Actor
from submissions.listing import Filters, Row, page_keys
from submissions.schemas import SubmissionRead
from web import names


def reads(session: Session, actor: Actor, rows: list[Row]) -> list[SubmissionRead]:
    cycles = present.cycle_codes(session)
    return [present.to_read(actor, row.submission, row.revision, cycles) for row in rows]


def public_cards(
    session: Session,
    fragment: Callable[..., Markup],
    lang: object,
    filters: Filters,
    page: int,
    page_size: int,
    total: int | None,
) -> tuple[list[Markup], int]:
    """One page of a public list without a search (a search shows its own extracts), newest first;
    each card kept under its practice's id and the language at this version."""
    version = public_version.read(session)
    keys = page_keys(session, ANONYMOUS, filters, page, page_size, total)
    participants = names.participants(session, lang)  # type: ignore[arg-type]

    def card(item: SubmissionRead) -> Markup:
        return fragment("practice_card.html", item=item, names=participants)

    return rendered(session, version, keys.found, "practice card", card, lang), keys.total
