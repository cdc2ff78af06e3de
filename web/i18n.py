"""The two UI languages: choosing one per request, and the catalogues compiled from .po at start-up."""

import gettext
from functools import cache
from importlib.resources import files
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from starlette.requests import Request

from norms.lang import DEFAULT_LANG, Lang, parse_lang
from norms.typography import french_html

LANG_COOKIE = "lang"
LANG_COOKIE_AGE = 365 * 24 * 3600


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated when displayed."""
    return message


@cache
def translations(lang: Lang) -> gettext.NullTranslations:
    """The catalogue for a language, compiled in memory from the shipped .po file."""
    if lang is DEFAULT_LANG:
        return gettext.NullTranslations()
    path = files("web").joinpath("locale", lang.value, "LC_MESSAGES", "messages.po")
    with path.open("rb") as source:
        catalog = read_po(source, locale=lang.value)
    if lang is Lang.fr:  # every French string of the interface in French typography
        for message in catalog:
            if isinstance(message.string, tuple):
                message.string = tuple(french_html(form) for form in message.string)
            elif isinstance(message.string, str) and message.string:
                message.string = french_html(message.string)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def accepted(header: str | None) -> Lang | None:
    """The preferred supported language of an Accept-Language header."""
    choices: list[tuple[float, int, Lang]] = []
    for position, part in enumerate((header or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        lang = parse_lang(tag)
        if lang is not None and quality > 0:
            choices.append((-quality, position, lang))
    return min(choices)[2] if choices else None


def query_lang(request: Request) -> Lang | None:
    return parse_lang(request.query_params.get("lang"))


def choose(request: Request) -> Lang:
    """`?lang=`, then the cookie, then Accept-Language, then English."""
    return (
        query_lang(request)
        or parse_lang(request.cookies.get(LANG_COOKIE))
        or accepted(request.headers.get("accept-language"))
        or DEFAULT_LANG
    )
