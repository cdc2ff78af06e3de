"""Lists in generated prose: British English without the serial comma, and semicolons between
themes where one holds the conjunction itself."""

import datetime

import pytest

from synthesis.compose.wording import joined, listed, long_date


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Canada, France and Germany"), ("fr", "Canada, France et Allemagne")],
)
def test_plain_names_are_joined_with_commas(lang: str, expected: str) -> None:
    last = "Germany" if lang == "en" else "Allemagne"
    assert joined(["Canada", "France", last], lang) == expected


@pytest.mark.parametrize(
    ("lang", "items", "expected"),
    [
        (
            "en",
            ["points of contact", "confidence-building and transparency", "exercises"],
            "points of contact; confidence-building and transparency; and exercises",
        ),
        (
            "fr",
            ["points de contact", "mesures de confiance et transparence"],
            "points de contact; et mesures de confiance et transparence",
        ),
    ],
)
def test_items_holding_the_conjunction_are_kept_apart_by_semicolons(
    lang: str, items: list[str], expected: str
) -> None:
    assert listed(items, lang) == expected


def test_names_of_states_keep_their_commas() -> None:
    names = ["Antigua and Barbuda", "Canada", "Trinidad and Tobago"]
    assert joined(names, "en") == "Antigua and Barbuda, Canada and Trinidad and Tobago"


def test_a_long_date_keeps_its_day_and_month_on_one_line() -> None:
    day = datetime.date(2026, 12, 6)
    assert long_date(day, "en") == "6\u00a0December 2026"
    assert long_date(day, "fr") == "6\u00a0décembre 2026"
