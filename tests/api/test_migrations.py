"""Migrations build the whole schema from an empty database, and undo it."""

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import (
    JSON,
    Connection,
    Engine,
    column,
    create_engine,
    insert,
    inspect,
    select,
    table,
    text,
)
from sqlmodel import Session, SQLModel

from api import migrate
from api.db import make_engine
from norms import catalogue
from submissions.models import Status
from synthesis.freeze import snapshot
from synthesis.models import Synthesis
from synthesis.render import report
from synthesis.schemas import SynthesisCreate
from tests.conftest import DATABASE_URL
from tests.factories import PRESIDENCY, make_submission
from tests.synthesis.test_credited import METHOD, two_lessons


@pytest.fixture
def empty_engine(tmp_path: Path) -> Iterator[Engine]:
    if DATABASE_URL.startswith("sqlite"):
        engine = make_engine(f"sqlite:///{tmp_path}/migrations.db")
        yield engine
        engine.dispose()
        return
    base, _, name = DATABASE_URL.rpartition("/")
    scratch = f"{name}_migrations"
    admin = create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{scratch}"'))
    engine = make_engine(f"{base}/{scratch}")
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_from_empty_creates_every_model_table(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    tables = set(inspect(empty_engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


def test_single_head_and_downgrade_to_base_and_back(empty_engine: Engine) -> None:
    cfg = migrate.config(empty_engine)
    from alembic.script import ScriptDirectory

    assert len(ScriptDirectory.from_config(cfg).get_heads()) == 1
    migrate.upgrade(empty_engine)
    with empty_engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(empty_engine)
    assert migrate.current(empty_engine) == ScriptDirectory.from_config(cfg).get_current_head()


def _synthesis(connection: Connection, synthesis_id: int, grouping: object) -> None:
    row = {
        "id": synthesis_id,
        "title": f"Synthesis {synthesis_id}",
        "options": {},
        "status": "draft",
        "created_at": datetime(2026, 1, 1, tzinfo=UTC),
        "texts": {},
        "catalogue": {"norms": []},
        "edits": [],
        "grouping": grouping,
    }
    connection.execute(insert(_SYNTHESIS_0007), row)


_SYNTHESIS_0007 = table(
    "synthesis",
    *(column(name) for name in ("id", "title", "status", "created_at")),
    *(column(name, JSON(none_as_null=True)) for name in ("options", "texts", "catalogue")),
    column("edits", JSON(none_as_null=True)),
    column("grouping", JSON(none_as_null=True)),
)


def test_grouping_moves_to_a_row_per_section_and_back(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine, "0007")
    kept = {"13g/best_practices": [["1.b1", "2.b1"], ["1.b2"]], "13f/lessons_learned": [["1.l1"]]}
    with empty_engine.begin() as connection:
        _synthesis(connection, 1, kept)
        _synthesis(connection, 2, None)  # made before groupings were kept
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as connection:
        rows = connection.execute(
            text("SELECT synthesis_id, norm, section, size, groups FROM synthesis_grouping")
        ).all()
        flags = dict(connection.execute(text("SELECT id, has_grouping FROM synthesis")).all())
    found = {
        (r[0], r[1], r[2]): (r[3], json.loads(r[4]) if isinstance(r[4], str) else r[4])
        for r in rows
    }
    assert found == {
        (1, "13g", "best_practices"): (2, [["1.b1", "2.b1"], ["1.b2"]]),
        (1, "13f", "lessons_learned"): (1, [["1.l1"]]),
    }
    assert flags == {1: True, 2: False}
    _downgrade(empty_engine, "0007")
    with empty_engine.connect() as connection:
        back = dict(
            connection.execute(select(_SYNTHESIS_0007.c.id, _SYNTHESIS_0007.c.grouping)).all()
        )
    assert back == {1: kept, 2: None}


def test_figures_are_counted_for_the_syntheses_made_before_they_were_kept(
    empty_engine: Engine,
) -> None:
    migrate.upgrade(empty_engine)
    with Session(empty_engine) as session:
        catalogue.load(session)
        make_submission(session, "FRA", Status.published, norms=["13g", "13f"])
        make_submission(session, "DEU", Status.published, norms=["13g"])
        make_submission(session, "JPN", Status.published, norms=["13j"], attribution="anonymised")
        make_submission(session, "DEU", Status.draft, norms=["13k"])
        made = [
            snapshot.create(session, PRESIDENCY, SynthesisCreate(title="All")),
            snapshot.create(session, PRESIDENCY, SynthesisCreate(title="13j", norms=["13j"])),
        ]
        session.commit()
        kept = {s.id: s.figures for s in made}
    assert kept[made[0].id] == {"practices": 3, "norms": 3, "participants": 2, "unattributed": 1}
    _downgrade(empty_engine, "0011")
    assert "figures" not in {c["name"] for c in inspect(empty_engine).get_columns("synthesis")}
    migrate.upgrade(empty_engine)
    figures_of = table("synthesis", column("id"), column("figures", JSON()))
    with empty_engine.connect() as connection:
        counted = dict(connection.execute(select(figures_of.c.id, figures_of.c.figures)).all())
    assert counted == kept


def test_titles_drafted_by_a_provider_are_found_in_the_syntheses_made_before(
    empty_engine: Engine,
) -> None:
    migrate.upgrade(empty_engine)
    with Session(empty_engine) as session:
        catalogue.load(session)
        for code in ("FRA", "DEU", "JPN"):
            make_submission(session, code, Status.published, norms=["13g"])
        made = snapshot.create(session, PRESIDENCY, SynthesisCreate(title="All"))
        session.commit()
        synthesis_id = made.id
    items = table(
        "synthesis_item",
        column("synthesis_id"),
        column("submission_id"),
        column("translation", JSON()),
        column("other_title_machine"),
    )
    kept = {
        1: {"language": "en", "title": ["Drafted", "machine"]},
        2: {"language": "en", "title": ["Written", "human"]},
        3: None,
    }
    with empty_engine.begin() as connection:
        for submission_id, translation in kept.items():
            connection.execute(
                items.update()
                .where(items.c.synthesis_id == synthesis_id)
                .where(items.c.submission_id == submission_id)
                .values(translation=translation)
            )
    _downgrade(empty_engine, "0023")
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as connection:
        found = dict(
            connection.execute(select(items.c.submission_id, items.c.other_title_machine)).all()
        )
    assert found == {1: True, 2: False, 3: False}


def test_syntheses_made_before_points_were_set_apart_credit_every_point(
    empty_engine: Engine,
) -> None:
    migrate.upgrade(empty_engine)
    with Session(empty_engine) as session:
        catalogue.load(session)
        two_lessons(session)
        made = snapshot.create(session, PRESIDENCY, SynthesisCreate(title="All"))
        session.commit()
        synthesis_id = made.id
    grouping = table("synthesis_grouping", column("synthesis_id"), column("apart", JSON()))
    with empty_engine.connect() as connection:
        assert ["2.l1"] in connection.execute(select(grouping.c.apart)).scalars().all()
    _downgrade(empty_engine, "0024")
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as connection:
        assert set(connection.execute(select(grouping.c.apart)).scalars().all()) == {None}
    with Session(empty_engine) as session:
        doc = report.document(session, session.get_one(Synthesis, synthesis_id), "en")
        chapter = next(c for c in doc.chapters if c.code == "13d")
        (lesson,) = chapter.sections[1].points
        assert lesson.lead == "Japan and United States" and lesson.also == ()
        assert METHOD["en"] not in " ".join(p.body.text for p in doc.introduction)


def _downgrade(engine: Engine, revision: str) -> None:
    """Migrate down to `revision`, as a database last migrated then would be."""
    cfg = migrate.config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)
