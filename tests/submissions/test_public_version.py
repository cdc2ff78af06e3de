"""The public-data version moves with every change the public can see, in the same transaction."""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from api.db import Database
from norms.models import Norm, Participant, Theme
from submissions import public_version, workflow
from submissions.models import Cycle, Status
from synthesis.models import Synthesis, SynthesisStatus
from tests.factories import PRESIDENCY, make_submission


def _norm_title(session: Session) -> None:
    norm = session.get(Norm, "13g")
    assert norm is not None
    norm.title_en = "Protect critical infrastructure, revised"


def _participant_name(session: Session) -> None:
    participant = session.get(Participant, "DEU")
    assert participant is not None
    participant.name_en = "Federal Republic of Germany"


def _theme_name(session: Session) -> None:
    theme = session.exec(select(Theme).limit(1)).one()
    theme.name_en = "Renamed theme"


def _cycle(session: Session) -> None:
    session.add(
        Cycle(
            code="bump-2026",
            title_en="A",
            title_fr="A",
            presiding_code="FRA",
            opens_on=date(2026, 1, 1),
            closes_on=date(2026, 12, 31),
        )
    )


def _published_practice(session: Session) -> None:
    make_submission(session, "FRA", Status.published)


def _withdrawn_practice(session: Session) -> None:
    make_submission(session, "FRA", Status.withdrawn)


def _revision_sql(session: Session) -> None:
    session.execute(
        text("UPDATE revision SET title = title || '.' WHERE id = (SELECT max(id) FROM revision)")
    )


def _synthesis_published(session: Session) -> None:
    session.add(Synthesis(title="Report", status=SynthesisStatus.published, created_by=None))


CHANGES = [
    _norm_title,
    _participant_name,
    _theme_name,
    _cycle,
    _published_practice,
    _withdrawn_practice,
    _revision_sql,
    _synthesis_published,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__.strip("_"))
def test_every_public_change_bumps_the_version(
    session: Session, change: Callable[[Session], None]
) -> None:
    make_submission(session, "DEU", Status.published)  # a revision for the SQL change
    before = public_version.read(session)
    change(session)
    after = public_version.read(session)
    assert after.value > before.value
    assert after.key != before.key


def test_a_draft_synthesis_leaves_the_version_alone(session: Session) -> None:
    before = public_version.read(session)
    session.add(Synthesis(title="Draft", status=SynthesisStatus.draft, created_by=None))
    assert public_version.read(session) == before


def test_a_rolled_back_change_leaves_the_committed_version(database: Database) -> None:
    with database.session() as reader:
        committed = public_version.read(reader)
    with database.session() as writer:
        _norm_title(writer)
        assert public_version.read(writer).value > committed.value  # seen inside, not outside
        writer.rollback()
    with database.session() as reader:
        assert public_version.read(reader) == committed


def test_a_version_seen_then_rolled_back_is_never_seen_again(database: Database) -> None:
    """The next commit reaches the same counter with another token: nothing kept under the
    rolled-back version is served."""
    with database.session() as writer:
        _norm_title(writer)
        rolled_back = public_version.read(writer)
        writer.rollback()
    with database.session() as writer:
        _norm_title(writer)
        again = public_version.read(writer)
        writer.rollback()
    assert again.value == rolled_back.value
    assert again.key != rolled_back.key


def test_kept_values_are_only_served_at_their_version(session: Session) -> None:
    version = public_version.read(session)
    public_version.store(version, "aggregate", "answer", 42)
    assert public_version.known(version, "aggregate", "answer") == 42
    session.execute(text("UPDATE norm SET title_fr = title_fr WHERE code = '13a'"))
    assert public_version.known(public_version.read(session), "aggregate", "answer") is None


def test_a_page_of_kept_values_holds_those_kept_at_its_version_only(session: Session) -> None:
    version = public_version.read(session)
    public_version.store(version, "aggregate", ("page", 1), "one")
    public_version.store(version, "aggregate", ("page", 3), "three")
    wanted = [("page", 1), ("page", 2), ("page", 3)]
    assert public_version.known_many(version, "aggregate", wanted) == {
        ("page", 1): "one",
        ("page", 3): "three",
    }
    session.execute(text("UPDATE norm SET title_fr = title_fr WHERE code = '13a'"))
    assert public_version.known_many(public_version.read(session), "aggregate", wanted) == {}


def test_the_presidency_publishing_a_practice_bumps_the_version(session: Session) -> None:
    practice = make_submission(session, "FRA", Status.submitted)
    before = public_version.read(session)
    workflow.publish(session, PRESIDENCY, practice.id or 0)
    assert public_version.read(session).value > before.value


def test_requests_arriving_together_compute_a_kept_value_once(session: Session) -> None:
    """32 requests at a new version held 32 copies of the same aggregate, computed at once."""
    public_version.clear()
    version = public_version.read(session)
    computed: list[int] = []

    def compute() -> list[int]:
        computed.append(1)
        time.sleep(0.05)  # the others arrive meanwhile
        return [1, 2, 3]

    with ThreadPoolExecutor(8) as pool:
        values = list(
            pool.map(
                lambda _: public_version.remember(version, "aggregate", "k", compute), range(8)
            )
        )
    assert len(computed) == 1
    assert all(value is values[0] for value in values)


def test_a_process_computes_two_aggregates_at_once_at_most(session: Session) -> None:
    """The eleven norms' lists asked together at a new version took a worker from 140 to 410 MB."""
    public_version.clear()
    version = public_version.read(session)
    running: list[int] = []
    most: list[int] = []

    def compute(key: int) -> int:
        running.append(key)
        most.append(len(running))
        inner = public_version.remember(version, "aggregate", ("inner", key), lambda: 1)
        time.sleep(0.05)
        running.remove(key)
        return key + inner  # an aggregate computed within another: no second place, no deadlock

    with ThreadPoolExecutor(8) as pool:
        values = list(
            pool.map(
                lambda key: public_version.remember(
                    version, "aggregate", key, lambda: compute(key)
                ),
                range(8),
            )
        )
    assert values == [key + 1 for key in range(8)]
    assert max(most) <= public_version.AT_ONCE["aggregate"]
