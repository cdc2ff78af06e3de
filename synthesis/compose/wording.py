"""The report's generated text in English or French, from the gettext catalogue kept in the repo.

The French `.po` is compiled in memory when first needed, so a fresh clone needs no build step.
"""

import datetime
import gettext
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files
from io import BytesIO

from babel.core import Locale
from babel.dates import format_date
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


def long_date(day: datetime.date, lang: str) -> str:
    """ "6 December 2026", "6 décembre 2026": the day and its month never on two lines."""
    return format_date(day, format="long", locale=date_locale(lang)).replace(" ", "\u00a0", 1)


def date_locale(lang: str) -> str:
    """Babel's locale for dates: British English in English, as UN and G7 documents write them."""
    return "en_GB" if lang == "en" else lang


def joined(items: Sequence[str], lang: str) -> str:
    """ "A, B and C" as babel's `format_list` writes it, with the locale's patterns read once:
    looking them up is most of its cost, and a report joins names for every point."""
    if len(items) < 2:
        return items[0] if items else ""
    patterns = _list_patterns(lang)
    if len(items) == 2 and "2" in patterns:
        return patterns["2"].format(*items)
    separator = _separator(lang)
    if separator is not None:  # "{0}, {1}" to start and in the middle, as in English and French
        return patterns["end"].format(separator.join(items[:-1]), items[-1])
    result = patterns["start"].format(items[0], items[1])
    for item in items[2:-1]:
        result = patterns["middle"].format(result, item)
    return patterns["end"].format(result, items[-1])


@lru_cache
def _list_patterns(lang: str) -> dict[str, str]:
    """British English's, without the serial comma, as UN and G7 documents write lists."""
    return dict(Locale.parse(date_locale(lang)).list_patterns["standard"])


def listed(items: Sequence[str], lang: str) -> str:
    """Themes as `joined` lists them, with semicolons between them when one holds the conjunction
    itself ("points of contact; confidence-building and transparency; and exercises"): commas
    alone would not show where one ends. Names of States keep their commas, as UN lists do."""
    and_ = conjunction(lang)
    if len(items) < 2 or not any(and_ in item for item in items):
        return joined(items, lang)
    return "; ".join(items[:-1]) + ";" + and_ + items[-1]


@lru_cache
def conjunction(lang: str) -> str:
    """The word that joins the last two items, with its spaces: " and ", " et "."""
    return _list_patterns(lang)["2"].replace("{0}", "").replace("{1}", "")


@lru_cache
def _separator(lang: str) -> str | None:
    """What the locale puts between the items before the last, when it is one plain string."""
    patterns = _list_patterns(lang)
    start = patterns["start"]
    middle = start[3:-3]
    plain = start == patterns["middle"] and start == "{0}" + middle + "{1}" and "{" not in middle
    return middle if plain else None
