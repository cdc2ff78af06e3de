"""A paragraph number cites the same paragraph in the English and the French report, even while
the presidency has written one of its texts in one language only."""

from collections.abc import Callable

from sqlmodel import Session

from synthesis import service
from synthesis.compose.document import Document
from synthesis.models import Synthesis
from synthesis.render import report
from synthesis.schemas import Bilingual, TextsUpdate
from tests.factories import PRESIDENCY
from tests.synthesis.conftest import Practices


def numbers(doc: Document) -> list[tuple[str, int]]:
    """Every numbered paragraph as (where, number)."""
    found = [("introduction", p.number) for p in doc.introduction]
    found += [("key findings", p.number) for p in doc.key_findings]
    for chapter in doc.chapters:
        found += [(f"{chapter.code} framing", p.number) for p in chapter.framing]
        found += [(f"{chapter.code} overview", p.number) for p in chapter.overview]
        found += [(chapter.code, p.number) for s in chapter.sections for p in s.points]
    return found + [("way forward", p.number) for p in doc.way_forward]


def test_a_text_written_in_one_language_keeps_the_numbers_of_both_reports(
    session: Session, practices: Practices, make_synthesis: Callable[..., Synthesis]
) -> None:
    synthesis = make_synthesis()
    update = TextsUpdate(
        introduction=Bilingual(en="Our mandate.\n\nOur method."),
        key_findings=Bilingual(en="First finding.\n\nSecond finding."),
        framing={"13g": Bilingual(en="Framing.\n\nMore framing.")},
        overview={"13j": Bilingual(fr="Vue d'ensemble.\n\nSuite.")},
        way_forward=Bilingual(fr="Suite des travaux."),
    )
    service.update_texts(session, PRESIDENCY, synthesis.id or 0, update)
    english = report.document(session, synthesis, "en")
    french = report.document(session, synthesis, "fr")
    assert numbers(english) == numbers(french)
    # Until the presidency writes it, the other language's text stands in for it.
    chapter = next(c for c in french.chapters if c.code == "13g")
    assert [p.body.text for p in chapter.framing] == ["Framing.", "More framing."]
    assert [p.body.text for p in english.way_forward] == ["Suite des travaux."]
