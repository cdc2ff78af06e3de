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
