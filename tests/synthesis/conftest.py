"""A small, known set of practices in every state, and a way to make syntheses of it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session

from submissions.models import Status
from synthesis.freeze import snapshot
from synthesis.models import Synthesis
from synthesis.schemas import SynthesisCreate
from tests.factories import PRESIDENCY, make_submission


@dataclass(frozen=True)
class Practices:
    """Ids by role in the set: what a synthesis must include, and what it must leave out."""

    france: int
    germany: int
    anonymous: int
    included: tuple[int, ...]
    excluded: tuple[int, ...]


HIDDEN_NAMES = ("Japan", "Japon", "JPN")


@pytest.fixture
def practices(session: Session) -> Practices:
    france = make_submission(
        session,
        "FRA",
        Status.published,
        norms=["13g", "13f"],
        title="French register of operators",
        best_practices="- Review the register of operators every year\n- Train operators' staff",
        lessons_learned="- Sector regulators must be involved from the start",
    )
    germany = make_submission(
        session,
        "DEU",
        Status.published,
        norms=["13g"],
        title="German operator register",
        best_practices="- Review the register of operators each year",
        lessons_learned="Budget for the register's upkeep.",
    )
    anonymous = make_submission(
        session,
        "JPN",
        Status.published,
        norms=["13j"],
        language="fr",
        attribution="anonymised",
        title="Programme de divulgation coordonnée",
        best_practices="- Publier une politique de divulgation claire",
        lessons_learned="- Les chercheurs attendent une réponse rapide",
    )
    excluded = [
        make_submission(session, "FRA", Status.draft, title="Draft on norm k", norms=["13k"]),
        make_submission(session, "FRA", Status.returned, title="Returned on norm k", norms=["13k"]),
        make_submission(
            session, "DEU", Status.submitted, title="Submitted on norm k", norms=["13k"]
        ),
        make_submission(
            session, "DEU", Status.withdrawn, title="Withdrawn on norm k", norms=["13k"]
        ),
    ]
    ids = [p.id or 0 for p in (france, germany, anonymous)]
    return Practices(*ids, included=tuple(ids), excluded=tuple(p.id or 0 for p in excluded))


@pytest.fixture
def make_synthesis(session: Session) -> Callable[..., Synthesis]:
    def make(**options: Any) -> Synthesis:
        data = SynthesisCreate.model_validate({"title": "Synthesis 2026", **options})
        return snapshot.create(session, PRESIDENCY, data)

    return make
