"""`normbook norms load --texts FILE`: the official texts of the norms, all or nothing."""

import json
from pathlib import Path

import yaml
from sqlalchemy import create_engine, text

from tests.cli.test_cli import cli_env, run

__all__ = ["cli_env"]

CODES = [f"13{letter}" for letter in "abcdefghijk"]


def _texts() -> dict[str, dict[str, str]]:
    return {code: {"en": f"Official {code}.", "fr": f"Texte officiel {code}."} for code in CODES}


def _norms(env: dict[str, str]) -> dict[str, tuple[str, str, bool]]:
    engine = create_engine(env["NORMBOOK_DATABASE_URL"])
    with engine.connect() as connection:
        rows = connection.execute(text("select code, text_en, text_fr, text_official from norm"))
        found = {code: (en, fr, bool(official)) for code, en, fr, official in rows}
    engine.dispose()
    return found


def test_official_texts_from_yaml_are_stored_as_official(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    assert run(cli_env, "db", "upgrade").returncode == 0
    assert not any(official for *_, official in _norms(cli_env).values())  # summaries
    path = tmp_path / "texts.yaml"
    texts = _texts()
    texts["13(a)"] = texts.pop("13a")  # cited as people cite it
    path.write_text(yaml.safe_dump(texts, allow_unicode=True), "utf-8")
    result = run(cli_env, "norms", "load", "--texts", str(path))
    assert result.returncode == 0, result.stderr
    norms = _norms(cli_env)
    assert norms["13a"] == ("Official 13a.", "Texte officiel 13a.", True)
    assert all(official for *_, official in norms.values())


def test_incomplete_texts_are_refused_and_nothing_changes(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    assert run(cli_env, "db", "upgrade").returncode == 0
    before = _norms(cli_env)
    texts = _texts()
    del texts["13k"]["fr"]
    path = tmp_path / "texts.json"
    path.write_text(json.dumps(texts), "utf-8")
    result = run(cli_env, "norms", "load", "--texts", str(path))
    assert result.returncode == 1
    assert "13k" in result.stderr and "fr" in result.stderr
    assert "Traceback" not in result.stderr
    del texts["13k"]
    path.write_text(json.dumps(texts), "utf-8")
    result = run(cli_env, "norms", "load", "--texts", str(path))
    assert result.returncode == 1
    assert "missing norms: 13k" in result.stderr
    assert _norms(cli_env) == before
