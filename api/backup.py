"""Export the whole database to a versioned ZIP of JSON files, and import it into an empty one.

The archive holds `manifest.json` (format, version, the schema revision, and per table its columns, row count
and the SHA-256 of its file) and one `tables/<table>.json` per table: a list of rows ordered by primary key,
dates and times as ISO 8601. API tokens are never exported; password hashes (argon2) are.
"""

import hashlib
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Date, DateTime, Table, delete, func, insert, select, text
from sqlmodel import Session, SQLModel

import synthesis.models  # noqa: F401  (registers the synthesis tables)
from norms.models import utcnow
from submissions import search
from submissions.models import Submission

FORMAT = "normbook-export"
VERSION = 1
# Secrets (bearer tokens) and failed logins of the moment are not carried over; point vectors are
# derived from the revisions and computed again by `db upgrade` (`point_vectors.backfill`).
SKIPPED = {"api_token", "login_throttle", "point_vectors"}
CATALOGUE = {"framework", "norm", "theme", "norm_theme", "participant"}  # loaded by `db upgrade`


class BackupError(Exception):
    """The file cannot be imported, or the database cannot receive it; nothing was changed."""


def tables() -> list[Table]:
    """Every exported table, parents before children."""
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in SKIPPED]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _decode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = getattr(column.type, "impl", column.type)
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    return value


def _dump(rows: list[dict[str, Any]]) -> bytes:
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=1).encode()


def _rows(session: Session, table: Table) -> list[dict[str, Any]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = session.execute(select(table).order_by(*order)).mappings()
    return [{name: _encode(value) for name, value in row.items()} for row in result]


def export(session: Session, path: Path, schema_revision: str | None) -> dict[str, int]:
    """Write every table to a ZIP at `path`; return the row count per table."""
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "schema_revision": schema_revision,
        "created_at": utcnow().isoformat(),
        "tables": {},
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables():
            rows = _rows(session, table)
            data = _dump(rows)
            archive.writestr(f"tables/{table.name}.json", data)
            manifest["tables"][table.name] = {
                "columns": sorted(c.name for c in table.columns),
                "rows": len(rows),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
    return {name: entry["rows"] for name, entry in manifest["tables"].items()}


def content_hashes(path: Path) -> dict[str, str]:
    """The SHA-256 of each table's file in an export: equal hashes, equal content."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    return {name: entry["sha256"] for name, entry in manifest["tables"].items()}


def _read(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table, after checking the format, the version, the columns and the hashes."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(
            f"{path} is not a Normbook export (not a readable ZIP: {error})"
        ) from None
    with archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except (KeyError, ValueError):
            raise BackupError(f"{path} has no valid manifest.json") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(f"{path} is not a Normbook export (format is not {FORMAT})")
        if manifest.get("version") != VERSION:
            raise BackupError(
                f"{path} is export format version {manifest.get('version')}; "
                f"this Normbook reads version {VERSION}"
            )
        entries = manifest.get("tables")
        expected = {t.name: t for t in tables()}
        if not isinstance(entries, dict) or set(entries) != set(expected):
            raise BackupError(f"{path} does not hold the tables of this Normbook version")
        data: dict[str, list[dict[str, Any]]] = {}
        for name, table in expected.items():
            columns = sorted(c.name for c in table.columns)
            if entries[name].get("columns") != columns:
                raise BackupError(f"table {name} in {path} does not match this database's columns")
            try:
                raw = archive.read(f"tables/{name}.json")
            except KeyError:
                raise BackupError(f"{path} lacks tables/{name}.json") from None
            if hashlib.sha256(raw).hexdigest() != entries[name].get("sha256"):
                raise BackupError(f"tables/{name}.json in {path} is corrupt (checksum mismatch)")
            rows = json.loads(raw)
            if not isinstance(rows, list) or len(rows) != entries[name].get("rows"):
                raise BackupError(f"tables/{name}.json in {path} has the wrong number of rows")
            data[name] = rows
    return data


def _is_empty(session: Session) -> bool:
    for table in tables():
        if table.name in CATALOGUE:
            continue
        if session.execute(select(func.count()).select_from(table)).scalar_one():
            return False
    return True


def restore(session: Session, path: Path) -> dict[str, int]:
    """Load an export into an empty database (the catalogue is replaced by the export's)."""
    data = _read(path)
    if not _is_empty(session):
        raise BackupError("the database is not empty: import only into a freshly upgraded database")
    for table in reversed(tables()):
        if table.name in CATALOGUE:
            session.execute(delete(table))
    for table in tables():
        rows = [
            {c.name: _decode(c, row.get(c.name)) for c in table.columns} for row in data[table.name]
        ]
        if rows:
            session.execute(insert(table), rows)
    session.flush()
    _reset_sequences(session)
    for submission in session.execute(select(Submission)).scalars():
        search.reindex(session, submission)
    return {name: len(rows) for name, rows in data.items()}


def _reset_sequences(session: Session) -> None:
    """PostgreSQL: make the next generated id follow the imported ones."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not keys[0].autoincrement or keys[0].type.python_type is not int:
            continue
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{keys[0].name}'), "
                f'COALESCE((SELECT MAX({keys[0].name}) FROM "{table.name}"), 0) + 1, false)'
            )
        )
