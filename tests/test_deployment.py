"""The compose file and Dockerfile describe a working deployment (no Docker engine runs the tests)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_names_app_database_and_volume() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"app", "db"}
    assert "pgdata" in compose["volumes"]
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert services["app"]["depends_on"]["db"]["condition"] == "service_healthy"
    url = services["app"]["environment"]["DATABASE_URL"]
    assert url.startswith("postgresql://") and "@db:5432/" in url
    assert "normbook db upgrade" in " ".join(services["app"]["command"])
    assert "healthcheck" in services["db"] and "healthcheck" in services["app"]
    assert "reports" in compose["volumes"]
    assert "reports:/app/var/reports" in services["app"]["volumes"]


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
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *sum(project["optional-dependencies"].values(), [])]
    names = {
        requirement.split(">")[0].split("[")[0].split("=")[0].strip().lower().replace("_", "-")
        for requirement in wanted
    }
    assert names <= pinned, f"not in requirements.lock (run make lock): {sorted(names - pinned)}"
    makefile = (ROOT / "Makefile").read_text()
    assert makefile.count("-c requirements.lock") >= 3  # install, install-dev, bench
    assert "pip install --no-cache-dir -c requirements.lock ." in (ROOT / "Dockerfile").read_text()
