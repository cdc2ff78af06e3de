"""`normbook export` / `normbook import`: exact round trip, across databases, and clean refusals."""

import json
import tempfile
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from api import backup, migrate
from api.cli import app as cli
from api.db import Database
from norms import catalogue
from submissions import workflow
from submissions.access import ANONYMOUS
from submissions.listing import Filters, list_submissions
from submissions.models import ApiToken, AuditEntry, Revision, Status, User
from submissions.schemas import SubmissionUpdate
from tests.databases import is_postgres, migrated, seed
from tests.factories import delegation_actor


@pytest.fixture(scope="module")
def source() -> Database:
    database = migrated("backup_src")
    seeded = seed(database)
    draft = seeded.submissions["FRA", Status.draft]
    with database.transaction() as session:  # a second revision, with hostile text
        update = SubmissionUpdate(title="Révision 2 \u200f‫ 🛰️", body="<script>x</script>")
        workflow.update_content(session, delegation_actor("FRA"), draft, update, 1)
    return database


def export(database: Database, directory: Path, name: str = "export.zip") -> Path:
    path = directory / name
    with database.transaction() as session:
        backup.export(session, path, migrate.current(database.writer))
    return path


def count(database: Database, model: type) -> int:
    with database.transaction() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_import_into_empty_database_reproduces_export_exactly(
    source: Database, tmp_path: Path
) -> None:
    first = export(source, tmp_path, "first.zip")
    target = migrated("backup_dst")
    with target.transaction() as session:
        counts = backup.restore(session, first)
    second = export(target, tmp_path, "second.zip")
    assert backup.content_hashes(first) == backup.content_hashes(second)
    assert counts["revision"] == count(source, Revision) == 11
    assert counts["audit_entry"] == count(source, AuditEntry) > 10
    assert count(target, ApiToken) == 0 and count(target, User) == count(source, User)
    with target.transaction() as session:  # the search index was rebuilt
        rows, total = list_submissions(session, ANONYMOUS, Filters(q="register"))
        assert total == 2 and rows
        session.add(Revision.model_validate({**rows[0].revision.model_dump(), "id": None}))
        session.flush()  # new ids follow the imported ones (PostgreSQL sequences reset)
    target.dispose()


def test_export_holds_hashes_not_tokens(source: Database, tmp_path: Path) -> None:
    with zipfile.ZipFile(export(source, tmp_path)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        users = json.loads(archive.read("tables/app_user.json"))
        names = archive.namelist()
    assert manifest["format"] == "normbook-export" and manifest["version"] == 1
    assert "tables/api_token.json" not in names
    assert all(user["password_hash"].startswith("$argon2") for user in users)


@pytest.mark.skipif(not is_postgres(), reason="moves SQLite data into PostgreSQL")
def test_export_from_sqlite_imports_into_postgresql(source: Database, tmp_path: Path) -> None:
    lite = Database(f"sqlite:///{tempfile.mkdtemp(prefix='normbook-')}/lite.db")
    migrate.upgrade(lite.writer)
    with lite.transaction() as session:
        catalogue.load(session)
    seed(lite)
    first = export(lite, tmp_path, "lite.zip")
    target = migrated("backup_from_sqlite")
    with target.transaction() as session:
        backup.restore(session, first)
    assert backup.content_hashes(first) == backup.content_hashes(export(target, tmp_path, "pg.zip"))
    lite.dispose()
    target.dispose()


def tampered(original: Path, directory: Path, change: str) -> Path:
    path = directory / f"{change}.zip"
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(path, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "manifest.json" and change == "version":
                manifest = json.loads(data)
                manifest["version"] = 99
                data = json.dumps(manifest).encode()
            if name == "tables/revision.json" and change == "rows":
                data = data.replace(b"register", b"REGISTER")
            if name == "manifest.json" and change == "columns":
                manifest = json.loads(data)
                manifest["tables"]["revision"]["columns"].append("colour")
                data = json.dumps(manifest).encode()
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("version", "version 99"),
        ("rows", "checksum mismatch"),
        ("columns", "does not match"),
    ],
)
def test_import_refuses_mismatched_file_and_changes_nothing(
    source: Database, tmp_path: Path, change: str, message: str
) -> None:
    bad = tampered(export(source, tmp_path), tmp_path, change)
    target = migrated("backup_bad")
    before = count(target, User)
    with pytest.raises(backup.BackupError, match=message), target.transaction() as session:
        backup.restore(session, bad)
    assert count(target, User) == before == 0
    target.dispose()


def test_import_refuses_non_empty_database(source: Database, tmp_path: Path) -> None:
    path = export(source, tmp_path)
    before = count(source, Revision)
    with pytest.raises(backup.BackupError, match="not empty"), source.transaction() as session:
        backup.restore(session, path)
    assert count(source, Revision) == before


def test_cli_import_of_garbage_prints_one_line_and_exits_1(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"this is not a zip file")
    result = CliRunner().invoke(cli, ["import", str(garbage)])
    assert result.exit_code == 1
    assert "not a Normbook export" in result.output
    assert "Traceback" not in result.output
