"""`normbook synthesis`, run as a user would on a fresh database loaded with the demo data."""

from io import BytesIO
from pathlib import Path

import docx
import pypdf
import pytest
from sqlalchemy import create_engine, text

from tests.cli.test_cli import cli_env, demo_env, run

__all__ = ["cli_env", "demo_env"]


def syntheses(env: dict[str, str]) -> int:
    engine = create_engine(env["NORMBOOK_DATABASE_URL"])
    with engine.connect() as connection:
        count: int = connection.execute(text("SELECT count(*) FROM synthesis")).scalar_one()
    engine.dispose()
    return count


def test_create_then_render_markdown(demo_env: dict[str, str], tmp_path: Path) -> None:
    created = run(demo_env, "synthesis", "create", "--title", "Synthèse 2026", "--norm", "13(g)")
    assert created.returncode == 0, created.stderr
    assert "synthesis 2 created" in created.stdout  # the demo published the first
    out = tmp_path / "report.md"
    rendered = run(
        demo_env, "synthesis", "render", "2", "--format", "md", "--lang", "fr", "-o", str(out)
    )
    assert rendered.returncode == 0, rendered.stderr
    markdown = out.read_text()
    assert markdown.startswith("# Synthèse 2026")
    assert "Norme 13\u00a0g)" in markdown
    assert "Norme 13\u00a0a)" not in markdown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("render", "99", "-o", "x.md"), "no synthesis 99"),
        (("render", "1", "--lang", "de", "-o", "x.md"), "unknown language"),
        (("create", "--title", "T", "--norm", "13z"), "unknown norm"),
    ],
)
def test_bad_requests_fail_with_one_line(
    demo_env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    result = run(demo_env, "synthesis", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_sample_writes_every_format_in_both_languages_and_stores_nothing(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "sample"
    result = run(demo_env, "synthesis", "sample", "-o", str(out))
    assert result.returncode == 0, result.stderr
    names = sorted(path.name for path in out.iterdir())
    assert names == [
        f"synthesis-{lang}.{fmt}"
        for lang in ("en", "fr")
        for fmt in sorted(("md", "html", "docx", "pdf"))
    ]
    for lang, heading in (("en", "Norm 13(k)"), ("fr", "Norme 13\u00a0k)")):
        word = docx.Document(BytesIO((out / f"synthesis-{lang}.docx").read_bytes()))
        assert any(heading in p.text for p in word.paragraphs if p.style.name == "Heading 1")
        pdf = pypdf.PdfReader(BytesIO((out / f"synthesis-{lang}.pdf").read_bytes()))
        assert heading in "\n".join(page.extract_text() for page in pdf.pages)
    assert syntheses(demo_env) == 1  # the demo's own


def test_sample_needs_published_practices(cli_env: dict[str, str], tmp_path: Path) -> None:
    assert run(cli_env, "db", "upgrade").returncode == 0
    result = run(cli_env, "synthesis", "sample", "-o", str(tmp_path))
    assert result.returncode == 1
    assert "run `normbook demo` first" in result.stderr
