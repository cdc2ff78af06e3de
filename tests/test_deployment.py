"""The compose file and Dockerfile describe a working deployment (no Docker engine runs the tests)."""

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_runs_replicas_a_worker_postgresql_and_redis_on_one_database() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"app", "worker", "migrate", "db", "redis"}
    assert services["app"]["deploy"]["replicas"] >= 2
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert {"pgdata", "reports"} <= set(compose["volumes"])
    urls = {services[name]["environment"]["DATABASE_URL"] for name in ("app", "worker", "migrate")}
    assert len(urls) == 1 and urls.pop().startswith("postgresql://")
    for name in ("app", "worker"):
        service = services[name]
        assert service["environment"]["NORMBOOK_QUEUE"].startswith("redis://redis:")
        assert "reports:/app/var/reports" in service["volumes"]  # one store for every instance
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["normbook", "db", "upgrade"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["worker"]["command"] == ["normbook", "worker"]
    assert "healthcheck" in services["db"] and "healthcheck" in services["redis"]
    assert "healthcheck" in services["app"]


def test_the_commands_compose_runs_exist() -> None:
    from typer.testing import CliRunner

    from api.cli import app

    for command in (["db", "upgrade"], ["serve"], ["worker"]):
        result = CliRunner().invoke(app, [*command, "--help"])
        assert result.exit_code == 0, (command, result.output)


def test_dockerfile_installs_every_package() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    for package in ("api", "norms", "submissions", "synthesis", "web"):
        assert f"COPY {package} ./{package}" in dockerfile
    assert "chown normbook /app/var/reports" in dockerfile  # the app's user keeps reports there


def test_every_install_follows_the_lock_file() -> None:
    lock = (ROOT / "requirements.lock").read_text()
    pinned = {
        line.split("==")[0].lower().replace("_", "-")
        for line in lock.splitlines()
        if "==" in line and not line.startswith("#")
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"].values()
    wanted = [*project["dependencies"], *(item for extra in extras for item in extra)]
    names = {
        requirement.split(">")[0].split("[")[0].split("=")[0].strip().lower().replace("_", "-")
        for requirement in wanted
    }
    assert names <= pinned, f"not in requirements.lock (run make lock): {sorted(names - pinned)}"
    makefile = (ROOT / "Makefile").read_text()
    assert makefile.count("-c requirements.lock") >= 3  # install, install-dev, bench
    assert "pip install --no-cache-dir -c requirements.lock ." in (ROOT / "Dockerfile").read_text()
