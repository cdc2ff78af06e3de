"""`normbook translate` and the French title on the command line, on the demo data."""

import json
import re
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.cli.test_cli import cli_env, demo_env, run
from tests.translation_server import libretranslate

__all__ = ["cli_env", "demo_env", "libretranslate"]  # the fixtures


def machine_texts(env: dict[str, str]) -> int:
    engine = create_engine(env["NORMBOOK_DATABASE_URL"])
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT origin FROM revision_translation")).scalars().all()
    engine.dispose()
    return sum(list(json.loads(origin).values()).count("machine") for origin in rows)


def test_translate_without_a_provider_says_how_to_set_one(demo_env: dict[str, str]) -> None:
    result = run(demo_env, "translate")
    assert result.returncode == 1
    assert "NORMBOOK_TRANSLATION" in result.stderr and "Traceback" not in result.stderr


def test_translate_with_an_unknown_provider_names_the_setting(demo_env: dict[str, str]) -> None:
    result = run({**demo_env, "NORMBOOK_TRANSLATION": "deepl"}, "translate")
    assert result.returncode == 1
    assert "NORMBOOK_TRANSLATION: unknown provider" in result.stderr


def test_translate_drafts_every_published_practice_once(
    demo_env: dict[str, str], libretranslate: str
) -> None:
    env = {**demo_env, "NORMBOOK_TRANSLATION": f"libretranslate:{libretranslate}"}
    first = run(env, "translate")
    assert first.returncode == 0, first.stderr
    made = machine_texts(env)
    assert made > 0 and f"{made} texts drafted" in first.stdout
    again = run(env, "translate")
    assert "0 texts drafted for 0 published practices" in again.stdout


def test_synthesis_with_a_french_title_and_its_drafts(
    demo_env: dict[str, str], libretranslate: str, tmp_path: Path
) -> None:
    env = {**demo_env, "NORMBOOK_TRANSLATION": f"libretranslate:{libretranslate}"}
    created = run(env, "synthesis", "create", "--title", "S 2026", "--title-fr", "Synthèse 2026")
    assert created.returncode == 0, created.stderr
    assert "freezing the practices" in created.stderr  # the progress bar
    # The demo data hold a published synthesis already: the new one's id is printed.
    number = re.search(r"synthesis (\d+) created", created.stdout)
    assert number is not None, created.stdout
    drafted = run(env, "translate", "--synthesis", number[1])
    assert drafted.returncode == 0, drafted.stderr
    out = tmp_path / "report.md"
    rendered = run(
        env, "synthesis", "render", number[1], "-f", "md", "--lang", "fr", "-o", str(out)
    )
    assert rendered.returncode == 0, rendered.stderr
    markdown = out.read_text()
    assert markdown.startswith("# Synthèse 2026")
    flagged = [line for line in markdown.splitlines() if "original en anglais" in line]
    assert not flagged and r"\[fr\] " in markdown  # Markdown escapes the brackets
