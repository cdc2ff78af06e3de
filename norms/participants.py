"""Who can take part: the UN member states, the two observer states and the European Union."""

import gettext
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pycountry

G7 = frozenset({"CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"})
OBSERVERS = frozenset({"VAT", "PSE"})

# Short forms where the ISO name is an official long form nobody uses in running text.
_SHORT_EN = {
    "BOL": "Bolivia",
    "FSM": "Micronesia",
    "IRN": "Iran",
    "KOR": "Republic of Korea",
    "PRK": "Democratic People's Republic of Korea",
    "LAO": "Lao People's Democratic Republic",
    "MDA": "Republic of Moldova",
    "PSE": "State of Palestine",
    "VAT": "Holy See",
    "VEN": "Venezuela",
    "TZA": "United Republic of Tanzania",
    "SYR": "Syrian Arab Republic",
    "GBR": "United Kingdom",
    "USA": "United States",
    "RUS": "Russian Federation",
    "COD": "Democratic Republic of the Congo",
}
_SHORT_FR = {
    "VAT": "Saint-Siège",
    "PSE": "État de Palestine",
    "GBR": "Royaume-Uni",
    "KOR": "République de Corée",
    "PRK": "République populaire démocratique de Corée",
    "MDA": "République de Moldova",
    "IRN": "Iran",
    "BOL": "Bolivie",
    "VEN": "Venezuela",
    "TZA": "République-Unie de Tanzanie",
    "FSM": "Micronésie",
    # ISO's inverted index forms, as the UN writes them in running text
    "LAO": "République démocratique populaire lao",
    "RUS": "Fédération de Russie",
    "SLB": "Îles Salomon",
    "SYR": "République arabe syrienne",
    "GNQ": "Guinée équatoriale",
}
# The names an English sentence gives "the", as UN documents do ("received from the Netherlands").
_ARTICLE_EN = frozenset(
    {
        *("ARE", "BHS", "CAF", "COD", "COG", "COM", "DOM", "EU", "GBR", "GMB", "KOR", "LAO"),
        *("MDA", "MDV", "MHL", "NER", "NLD", "PHL", "PRK", "PSE", "RUS", "SDN", "SYR"),
        *("TZA", "USA", "VAT"),
    }
)


@dataclass(frozen=True)
class ParticipantRecord:
    code: str
    kind: str
    status: str
    name_en: str
    name_fr: str
    is_g7: bool


def un_member_codes() -> list[str]:
    text = files("norms.data").joinpath("un_members.txt").read_text(encoding="utf-8")
    return text.split()


@cache
def _french() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)


def _state(code: str, status: str) -> ParticipantRecord:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise LookupError(f"unknown ISO 3166-1 alpha-3 code {code}")
    name_en = _SHORT_EN.get(code) or getattr(country, "common_name", None) or country.name
    name_fr = _SHORT_FR.get(code) or _french().gettext(country.name)
    return ParticipantRecord(code, "state", status, name_en, name_fr, code in G7)


def in_sentence(code: str, name: str, lang: str) -> str:
    """A participant's name as running text writes it: "the United Kingdom" in an English
    sentence, where a label or a list heading keeps "United Kingdom"."""
    return f"the {name}" if lang == "en" and code in _ARTICLE_EN else name


def all_participants() -> list[ParticipantRecord]:
    records = [_state(code, "member") for code in un_member_codes()]
    records += [_state(code, "observer") for code in sorted(OBSERVERS)]
    records.append(
        ParticipantRecord(
            "EU", "organisation", "organisation", "European Union", "Union européenne", False
        )
    )
    return records


REGIONAL_GROUPS = (
    "african",
    "asia-pacific",
    "eastern-european",
    "latin-american-caribbean",
    "western-european-others",
)


@cache
def regional_groups() -> dict[str, str]:
    """Participant code -> its UN regional group (the United States and Israel sit with the Western
    European and Others Group, as the UN counts them for elections); the EU and the Holy See have none."""
    groups = json.loads(
        files("norms.data").joinpath("un_regional_groups.json").read_text(encoding="utf-8")
    )
    return {code: group for group, codes in groups.items() for code in codes}
