"""`normbook translate`: machine drafts of published practices' texts in the other language."""

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlmodel import Session

    from submissions.translators import Translator


def translator() -> "Translator | None":
    """The provider NORMBOOK_TRANSLATION names, or None when it names none."""
    from api.cli import fail, settings
    from norms.errors import Invalid
    from submissions.translators import provider

    try:
        return provider(settings().translation)
    except Invalid as error:
        raise fail(f"NORMBOOK_TRANSLATION: {error.message}") from None


def draft_published(session: "Session", chosen: "Translator") -> tuple[int, int]:
    """Machine drafts for every published revision missing a translated text: (revisions, texts)."""
    from submissions import translation

    wanted = translation.untranslated(session)
    return len(wanted), sum(translation.draft(session, r, chosen) for r in wanted)


def translate(
    synthesis: Annotated[
        int | None,
        typer.Option(help="Only this draft synthesis's practices, and freeze the drafts into it."),
    ] = None,
) -> None:
    """Machine drafts of the texts published practices have no translation of, from the provider
    NORMBOOK_TRANSLATION names (apertium, or libretranslate:<url>). Texts written by a person are
    never replaced; the presidency reviews the drafts in the synthesis editor."""
    from api.cli import console, database, fail
    from norms.errors import DomainError
    from submissions.access import Actor
    from submissions.models import Role
    from submissions.translators import TranslationError
    from synthesis import service

    chosen = translator()
    if chosen is None:
        raise fail(
            "no translation provider: set NORMBOOK_TRANSLATION to apertium or libretranslate:<url>"
        )
    try:
        with database().transaction() as session:
            if synthesis is None:
                revisions, texts = draft_published(session, chosen)
                message = f"{texts} texts drafted for {revisions} published practices"
            else:
                actor = Actor(role=Role.presidency)
                texts = service.draft_missing(session, actor, synthesis, chosen)
                message = f"{texts} texts drafted for synthesis {synthesis}"
    except DomainError as error:
        raise fail(error.message) from None
    except TranslationError as error:
        raise fail(str(error)) from None
    console().print(f"{message} with {chosen.name}")
