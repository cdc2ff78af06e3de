"""Migrations build the whole schema from an empty database, and undo it."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, inspect, text
from sqlmodel import SQLModel

from api import migrate
from api.db import make_engine
from tests.conftest import DATABASE_URL


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
