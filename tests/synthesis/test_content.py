"""What a synthesis says: every included practice under each of its norms, nothing else."""

from collections.abc import Callable
from io import BytesIO

import docx
import pypdf
import pytest
from sqlmodel import Session

from synthesis.models import Synthesis
from synthesis.render import report
from synthesis.schemas import Format
from tests.synthesis.conftest import HIDDEN_NAMES, Practices


def text_of(data: bytes, fmt: Format) -> str:
    if fmt is Format.docx:
        word = docx.Document(BytesIO(data))
        cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in word.paragraphs] + cells)
    if fmt is Format.pdf:
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(data)).pages)
    return data.decode()


def test_markdown_names_every_included_practice_under_each_of_its_norms(
    session: Session, practices: Practices, make_synthesis: Callable[..., Synthesis]
) -> None:
    doc = report.document(session, make_synthesis(), "en")
    drawn = {c.code: {link.submission_id for link in c.practices} for c in doc.chapters}
    assert drawn == {
        "13f": {practices.france},
        "13g": {practices.france, practices.germany},
        "13j": {practices.anonymous},
    }


def test_unpublished_and_withdrawn_practices_never_appear(
    session: Session, practices: Practices, make_synthesis: Callable[..., Synthesis]
) -> None:
    markdown = report.render(session, make_synthesis(), Format.md, "en").decode()
    for title in ("Draft on", "Returned on", "Submitted on", "Withdrawn on", "13(k)"):
        assert title not in markdown
    for excluded in practices.excluded:
        assert f"/practices/{excluded})" not in markdown


def test_near_duplicates_become_one_point_citing_both(
    session: Session, practices: Practices, make_synthesis: Callable[..., Synthesis]
) -> None:
    doc = report.document(session, make_synthesis(), "en")
    chapter = next(c for c in doc.chapters if c.code == "13g")
    best = chapter.sections[0]
    register = [p for p in best.points if "register of operators" in p.body.text]
    assert len(register) == 1
    assert register[0].lead == "France and Germany"
    assert {s.submission_id for s in register[0].sources} == {practices.france, practices.germany}
    assert len(best.points) == 2


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_anonymised_participant_is_never_named(
    session: Session,
    practices: Practices,
    make_synthesis: Callable[..., Synthesis],
    fmt: Format,
    lang: str,
) -> None:
    text = text_of(report.render(session, make_synthesis(), fmt, lang), fmt)
    assert "Programme de divulgation" in text
    assert ("One participant" if lang == "en" else "Un participant") in text
    for name in HIDDEN_NAMES:
        assert name not in text
