"""What a presidency's editor checks before publishing: honest norm texts, French typography."""

import re
from collections.abc import Callable

from sqlmodel import Session

from norms import official
from norms.typography import french
from synthesis.models import Synthesis
from synthesis.render import report
from synthesis.schemas import Format
from tests.synthesis.conftest import Practices

MakeSynthesis = Callable[..., Synthesis]
CODES = [f"13{letter}" for letter in "abcdefghijk"]


def test_shipped_norm_texts_are_labelled_summaries_with_their_source(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis()
    english = report.render(session, synthesis, Format.md, "en").decode()
    html = report.render(session, synthesis, Format.html, "fr").decode()
    assert "Summary (not the official text)" in english
    assert "Official text" not in english
    assert "(https://undocs.org/en/A/70/174)" in english
    assert 'href="https://undocs.org/fr/A/70/174"' in html
    assert "Résumé (et non le texte officiel)" in html


def test_loaded_official_texts_are_quoted_as_official(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    official.load(
        session,
        {code: {"en": f"UN text of {code}.", "fr": f"Texte de l'ONU {code}."} for code in CODES},
    )
    synthesis = make_synthesis()
    english = report.render(session, synthesis, Format.md, "en").decode()
    french_md = report.render(session, synthesis, Format.md, "fr").decode()
    assert "Official text" in english and "UN text of 13g." in english
    assert "Summary" not in english
    assert "Texte officiel" in french_md and "Texte de l’ONU 13g." in french_md


def test_french_report_is_set_in_french_typography(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis()
    text = report.render(session, synthesis, Format.md, "fr").decode()
    html = report.render(session, synthesis, Format.html, "fr").decode()
    prose = re.sub(r"\]\([^)]*\)|<[^>]*>|https?://\S+", "", text)
    for wrong in (" :", " ;", " ?", " !", "« ", " »", "§13(", " 13(", "d'", "l'"):
        assert wrong not in prose, wrong
    assert "\u00a0:" in text and "13\u00a0g)" in text
    # the pass leaves the report as it is (already set), but for passages quoted in English
    lines = text.split("## ", 1)[1].splitlines()
    english = [line for line in lines if "original en anglais" in line]
    assert any("register's upkeep" in line for line in english)  # not set as French
    for line in lines:
        if line not in english:
            assert french(line) == line
    assert "Norme 13\u00a0g)\u00a0:" in html
    # one name of the initiative
    names = set(re.findall(r"[Ii]nitiative[^.:,;*\n]*", text))
    assert names == {"Initiative du G7 sur les normes cyber"}, names


def test_english_report_sets_only_french_passages(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    text = report.render(session, make_synthesis(), Format.md, "en").decode()
    assert "Norm 13(g): " in text  # English stays English
    assert "Programme de divulgation coordonnée" in text
