"""The report's generated text in English or French, from the gettext catalogue kept in the repo.

The French `.po` is compiled in memory when first needed, so a fresh clone needs no build step.
"""

import gettext
from functools import lru_cache
from importlib.resources import files
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "synthesis"
LANGUAGES = ("en", "fr")


@lru_cache
def translations(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    po = files("synthesis").joinpath("locale", lang, "LC_MESSAGES", f"{DOMAIN}.po")
    with po.open("rb") as source:
        catalog = read_po(source, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def date_locale(lang: str) -> str:
    """Babel's locale for dates: British English in English, as UN and G7 documents write them."""
    return "en_GB" if lang == "en" else lang
