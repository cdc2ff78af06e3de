"""Norm pages say the texts are summaries, cite the UN document, and are set in French typography
on French pages."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from norms import official
from norms.typography import french_html

CODES = [f"13{letter}" for letter in "abcdefghijk"]


def test_norm_page_labels_the_summary_and_links_the_un_document(client: TestClient) -> None:
    english = client.get("/norms/13a?lang=en").text
    assert "Summary (not the official text)" in english
    assert 'href="https://undocs.org/en/A/70/174"' in english
    assert "summaries, not the official wording" in client.get("/norms?lang=en").text


def test_french_norm_page_is_set_in_french_typography(client: TestClient) -> None:
    french = client.get("/norms/13a?lang=fr").text
    assert "Résumé (et non le texte officiel)" in french
    assert "A/70/174 §\u00a013\u00a0a)" in french
    assert '<span class="code">13\u00a0a)</span>' in french
    main = french.split("<main", 1)[1].split("</main>", 1)[0]
    assert french_html(main) == main  # nothing left for the pass to set
    assert "l’utilisation" in main


def test_official_texts_are_quoted_as_such(client: TestClient, session: Session) -> None:
    official.load(session, {c: {"en": f"UN text {c}.", "fr": f"Texte ONU {c}."} for c in CODES})
    session.commit()
    english = client.get("/norms/13a?lang=en").text
    assert "Official text" in english and "UN text 13a." in english
    assert "Summary" not in english
    assert "summaries" not in client.get("/norms?lang=en").text
