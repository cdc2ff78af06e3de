"""A synthesis's figures are counted once, when it is made: the home page and the list of
syntheses show them without reading its frozen revisions (a second at 100,000 practices)."""

from collections.abc import Callable
from dataclasses import asdict

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from synthesis.compose import figures
from synthesis.freeze import snapshot
from synthesis.models import Synthesis
from tests.factories import PRESIDENCY
from tests.synthesis import conftest as synthesis_fixtures
from tests.synthesis.conftest import Practices

practices = synthesis_fixtures.practices
make_synthesis = synthesis_fixtures.make_synthesis
Make = Callable[..., Synthesis]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, {"practices": 3, "norms": 3, "participants": 2, "unattributed": 1}),
        ({"norms": ["13j"]}, {"practices": 1, "norms": 1, "participants": 0, "unattributed": 1}),
        ({"norms": ["13g"]}, {"practices": 2, "norms": 1, "participants": 2, "unattributed": 0}),
    ],
)
def test_a_synthesis_keeps_the_figures_counted_from_its_revisions_when_made(
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    options: dict[str, object],
    expected: dict[str, int],
) -> None:
    synthesis = make_synthesis(**options)
    session.commit()
    session.refresh(synthesis)
    assert synthesis.figures == expected
    synthesis.figures = None  # as if made before they were kept
    assert asdict(figures.figures(session, [synthesis])[synthesis.id or 0]) == expected


def test_home_and_syntheses_pages_read_no_frozen_revision(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    statements: Callable,  # type: ignore[type-arg]
) -> None:
    synthesis = snapshot.publish(session, PRESIDENCY, make_synthesis().id or 0)
    session.commit()
    for path in ("/", "/syntheses", "/admin/syntheses"):
        client.get(path)
    with statements() as seen:
        for path in ("/", "/syntheses"):
            page = client.get(path)
            assert page.status_code == 200
            assert f'href="/syntheses/{synthesis.id}"' in page.text
    assert seen.sql
    assert not [sql for sql in seen.sql if "synthesis_item" in sql]
