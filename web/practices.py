"""Practices as pages show them: read shapes through the API's presenter, and public practice cards
rendered once per version and language, then reused by every list that shows them."""

from collections.abc import Callable

from markupsafe import Markup
from sqlmodel import Session

from api.kept import Kept
from api.public_list import rendered
from submissions import present
from submissions.access import ANONYMOUS, Actor
from submissions.listing import Filters, Row, page_keys
from submissions.schemas import SubmissionRead
from web import names

_cards: Kept[Markup] = Kept(limit=8000)  # per process, under 1 kB each


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
    """One page of a public list without a search (a search shows its own extracts), newest first.

    A card depends on nothing but its practice's shown revision and the language, so it is kept
    under (id, version, `updated_at`, revision, language): any change to the practice misses.
    """
    keys = page_keys(session, ANONYMOUS, filters, page, page_size, total)
    participants = names.participants(session, lang)  # type: ignore[arg-type]

    def card(item: SubmissionRead) -> Markup:
        return fragment("practice_card.html", item=item, names=participants)

    return rendered(session, keys.found, _cards, card, lang), keys.total
