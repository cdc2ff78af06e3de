"""Both languages complete: every interface string has a French translation, and pages use them."""

from importlib.resources import files
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

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
