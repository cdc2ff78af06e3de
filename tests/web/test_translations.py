"""Both languages complete: every interface string has a French translation, and pages use them."""

from importlib.resources import files
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions.models import Status
from tests.factories import make_submission

WEB = Path(str(files("web")))
PO = WEB / "locale" / "fr" / "LC_MESSAGES" / "messages.po"
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


def extracted() -> set[object]:
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    found = extract_from_dir(
        str(WEB),
        method_map=[("**/templates/**.html", "jinja2"), ("**.py", "python")],
        options_map={"**/templates/**.html": JINJA_OPTIONS},
        keywords=keywords,
    )
    return {message for _, _, message, _, _ in found}


def test_every_interface_string_has_a_french_translation() -> None:
    with PO.open("rb") as source:
        catalog = read_po(source, locale="fr")
    translated = {
        m.id if isinstance(m.id, str) else tuple(m.id)
        for m in catalog
        if m.id
        and "fuzzy" not in m.flags
        and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    messages = extracted()
    assert len(messages) > 200
    missing = sorted(str(m) for m in messages if m not in translated)
    assert missing == []


@pytest.mark.parametrize(
    "path", ["/", "/norms", "/participants", "/search", "/coverage", "/data", "/login"]
)
def test_french_pages_carry_no_english_navigation(client: TestClient, path: str) -> None:
    html = client.get(path, params={"lang": "fr"}).text
    assert '<html lang="fr">' in html
    for english in ("Skip to main content", ">Norms<", ">Search<", ">Log in<", "Open data"):
        assert english not in html


def test_macros_follow_each_pages_language(client: TestClient, session: Session) -> None:
    """Macros are imported once per process: their strings and dates come from the page."""
    make_submission(session, status=Status.published, attribution="anonymised")
    expected = {
        "fr": ("Non attribuée", 'aria-label="Normes"'),
        "en": ("Not attributed", 'aria-label="Norms"'),
    }
    for lang in ("fr", "en", "fr"):
        html = client.get("/search", params={"lang": lang}).text
        assert all(text in html for text in expected[lang]), lang
        other = expected["en" if lang == "fr" else "fr"]
        assert not any(text in html for text in other), lang
