"""The introduction's paragraph on who contributed says how many practices are anonymised of
all the practices, whether or not a participant is named before it."""

from collections.abc import Callable

import pytest
from sqlmodel import Session

from submissions.models import Status
from synthesis.models import Synthesis
from synthesis.render import report
from tests.factories import make_submission
from tests.synthesis.conftest import Practices

MakeSynthesis = Callable[..., Synthesis]


def contributors(session: Session, synthesis: Synthesis, lang: str) -> str:
    """The introduction's fourth paragraph: who contributed."""
    return report.document(session, synthesis, lang).introduction[3].body.text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Contributions were received from France and Germany. Of the 4 practices, 2 were"),
        ("fr", "Sur les 4\u00a0pratiques, 2 ont été partagées sans attribution."),
    ],
)
def test_the_anonymised_count_is_said_of_all_the_practices(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis, lang: str, said: str
) -> None:
    make_submission(
        session,
        "ITA",
        Status.published,
        norms=["13j"],
        attribution="anonymised",
        title="Disclosure desk",
        best_practices="- Answer every report within a week",
    )
    text = contributors(session, make_synthesis(), lang)
    assert said in text
    assert "these practices" not in text and "ces pratiques" not in text


def test_one_anonymised_practice_of_several(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    text = contributors(session, make_synthesis(), "en")
    assert text.endswith("One of the 3 practices was shared without attribution.")


def test_a_synthesis_of_anonymised_practices_alone_names_nobody(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    text = contributors(session, make_synthesis(norms=["13j"]), "en")
    assert text == "The practice was shared without attribution."
