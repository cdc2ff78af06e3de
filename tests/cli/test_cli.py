"""The `normbook` command, run as a user would: a subprocess with its own database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NORMBOOK_", "DATABASE_URL"))}
    env["NORMBOOK_DATABASE_URL"] = f"sqlite:///{tmp_path}/cli.db"
    env["NORMBOOK_SECRET_KEY"] = "cli-test-secret"
    return env


def run(
    env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api", *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def demo_env(cli_env: dict[str, str]) -> dict[str, str]:
    for command in (("db", "upgrade"), ("demo",)):
        result = run(cli_env, *command)
        assert result.returncode == 0, result.stderr
    return cli_env


def test_db_upgrade_creates_schema_and_catalogue(cli_env: dict[str, str]) -> None:
    result = run(cli_env, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    engine = create_engine(cli_env["NORMBOOK_DATABASE_URL"])
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM norm")).scalar_one() == 11
        assert connection.execute(text("SELECT count(*) FROM participant")).scalar_one() == 196
    again = run(cli_env, "db", "upgrade")
    assert again.returncode == 0


def test_users_add_and_list(cli_env: dict[str, str]) -> None:
    run(cli_env, "db", "upgrade")
    added = run(
        cli_env,
        "users",
        "add",
        "--email",
        "Delegate@Example.org",
        "--role",
        "delegation",
        "--participant",
        "ita",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert added.returncode == 0, added.stderr
    listed = run(cli_env, "users", "list")
    assert "delegate@example.org" in listed.stdout
    assert "ITA" in listed.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "delegation", "--participant", "XXX"], "unknown participant XXX"),
        (["--role", "delegation"], "a delegation speaks for a participant"),
        (["--role", "emperor"], "must be presidency or delegation"),
    ],
)
def test_users_add_refuses_bad_input_without_traceback(
    cli_env: dict[str, str], args: list[str], message: str
) -> None:
    run(cli_env, "db", "upgrade")
    result = run(
        cli_env,
        "users",
        "add",
        "--email",
        "x@example.org",
        *args,
        "--password-stdin",
        stdin="long password 123\n",
    )
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_short_password_is_refused(cli_env: dict[str, str]) -> None:
    run(cli_env, "db", "upgrade")
    result = run(
        cli_env,
        "users",
        "add",
        "--email",
        "x@example.org",
        "--role",
        "presidency",
        "--password-stdin",
        stdin="short\n",
    )
    assert result.returncode == 1
    assert "at least 10 characters" in result.stderr


def test_missing_secret_is_a_clear_error(cli_env: dict[str, str]) -> None:
    del cli_env["NORMBOOK_SECRET_KEY"]
    result = run(cli_env, "db", "upgrade")
    assert result.returncode == 1
    assert "NORMBOOK_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_a_clear_error(cli_env: dict[str, str]) -> None:
    cli_env["NORMBOOK_DATABASE_URL"] = "postgresql://nobody@127.0.0.1:1/none"
    result = run(cli_env, "db", "upgrade")
    assert result.returncode == 1
    assert "could not upgrade" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_served_worker_freezes_its_start_up_and_collects_less_often(
    cli_env: dict[str, str],
) -> None:
    probe = (
        "import gc\n"
        "from fastapi.testclient import TestClient\n"
        "from api.serving import SERVING_GC_THRESHOLD, served_app\n"
        "before = gc.get_threshold()[0]\n"
        "app = served_app()\n"
        "assert gc.get_freeze_count() > 10_000, gc.get_freeze_count()\n"
        "assert gc.get_threshold()[0] == SERVING_GC_THRESHOLD > before\n"
        "with TestClient(app) as client:\n"
        "    assert client.get('/healthz').status_code == 200\n"
        "print('ok')\n"
    )
    run(cli_env, "db", "upgrade")
    done = subprocess.run(
        [sys.executable, "-c", probe], env=cli_env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_search_vectors_encodes_the_demo_once(cli_env: dict[str, str]) -> None:
    assert run(cli_env, "db", "upgrade").returncode == 0
    assert run(cli_env, "demo", stdin="").returncode == 0
    engine = create_engine(cli_env["NORMBOOK_DATABASE_URL"])
    with engine.begin() as connection:
        stored = connection.execute(text("SELECT count(*) FROM search_vector")).scalar_one()
        connection.execute(text("DELETE FROM search_vector"))
    assert stored > 30
    result = run(cli_env, "search-vectors")
    assert result.returncode == 0, result.stderr
    assert f"{stored} published revisions encoded" in result.stdout
    assert "0 published revisions encoded" in run(cli_env, "search-vectors").stdout


def test_the_cli_module_runs_as_the_package_does(cli_env: dict[str, str]) -> None:
    # `python -m api.cli db upgrade` used to exit 0 having done nothing
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "db", "upgrade"],
        env=cli_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "database at revision" in done.stdout
