"""Practices as pages show them: read shapes through the API's presenter, and public practice cards
rendered once per public-data version and language, then reused by every list that shows them."""

from collections.abc import Callable
from types import SimpleNamespace

from markupsafe import Markup
from sqlmodel import Session

from api.public_list import rendered
from submissions import present, public_version
from submissions.access import Actor
from submissions.hybrid import Found
from submissions.listing import Filters, Row, public_page
from submissions.schemas import SubmissionRead
from web import names
from web.templating import highlighted

# Where a kept search card takes the query's extract: no stored text holds it (api.storable).
SLOT = "\x00"


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
    keys = public_page(session, version, filters, page, page_size, total)
    participants = names.participants(session, lang)  # type: ignore[arg-type]

    def card(item: SubmissionRead) -> Markup:
        return fragment("practice_card.html", item=item, names=participants)

    return rendered(session, version, keys.found, "practice card", card, lang), keys.total


def searched_cards(
    session: Session, fragment: Callable[..., Markup], lang: object, found: Found
) -> list[Markup]:
    """A search's cards: a ranked search's kept per practice and language with the extract left
    out, then given this query's; a query that only names filters shows a list's cards."""
    version = public_version.read(session)
    keys = [SimpleNamespace(id=id_) for id_ in found.ids]
    participants = names.participants(session, lang)  # type: ignore[arg-type]

    def card(item: SubmissionRead, snippet: str | None = None) -> Markup:
        return fragment("practice_card.html", item=item, names=participants, snippet=snippet)

    if not found.extracts:
        return rendered(session, version, keys, "practice card", card, lang)
    frames = rendered(
        session, version, keys, "practice card", lambda item: card(item, SLOT), lang, "searched"
    )
    return [
        Markup(frame.replace(SLOT, highlighted(found.extracts[key.id]), 1))
        for frame, key in zip(frames, keys, strict=True)
    ]
