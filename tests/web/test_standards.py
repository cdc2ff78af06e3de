"""What real clients check: the main pages, in both languages and as each role sees them, pass the
W3C Nu HTML checker; the Atom feed parses with a feed parser; the CSV passes frictionless; the
OpenAPI document passes a validator."""

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient
from frictionless import Resource, validate
from openapi_spec_validator import validate as validate_openapi
from sqlmodel import Session

from submissions.models import Status
from synthesis.freeze import snapshot
from synthesis.schemas import SynthesisCreate
from tests.conftest import Account
from tests.factories import PRESIDENCY, make_submission

VNU = (
    Path(__file__).parents[1]
    / "browser"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)
PUBLIC = [
    "/",
    "/norms",
    "/norms/13g",
    "/participants",
    "/participants/FRA",
    "/search",
    "/search?q=register",
    "/coverage",
    "/data",
    "/syntheses",
    "/practices/{published}",
    "/syntheses/{synthesis}",
    "/login",
]
DELEGATION = ["/", "/workspace", "/workspace/practices/new", "/workspace/practices/{draft}/edit"]
DELEGATION += ["/practices/{draft}"]
PRESIDENCY_PAGES = ["/review", "/review/{submitted}", "/admin/users", "/admin/audit"]
PRESIDENCY_PAGES += [
    "/admin/syntheses",
    "/admin/syntheses/new",
    "/admin/syntheses/{draft_synthesis}",
]


@pytest.fixture
def objects(session: Session) -> dict[str, int]:
    made = {
        "published": make_submission(session, "FRA", Status.published, norms=["13g"]).id,
        "draft": make_submission(session, "FRA", Status.draft).id,
        "submitted": make_submission(session, "DEU", Status.submitted).id,
    }
    published = snapshot.create(session, PRESIDENCY, SynthesisCreate(title="Synthesis 2026"))
    snapshot.publish(session, PRESIDENCY, published.id or 0)
    made["synthesis"] = published.id
    made["draft_synthesis"] = snapshot.create(
        session, PRESIDENCY, SynthesisCreate(title="Draft")
    ).id
    session.commit()
    return {name: value or 0 for name, value in made.items()}


def _save(
    client: TestClient, paths: list[str], objects: dict[str, int], out: Path, who: str
) -> None:
    for lang in ("en", "fr"):
        for path in paths:
            url = path.format(**objects)
            response = client.get(url, params={"lang": lang})
            assert response.status_code == 200, f"{who} {url}: {response.status_code}"
            name = f"{who}-{lang}-{url.strip('/').replace('/', '_').replace('?', '_') or 'home'}"
            (out / f"{name}.html").write_text(response.text, encoding="utf-8")


def test_main_pages_pass_the_nu_html_checker(
    client: TestClient,
    objects: dict[str, int],
    login: Callable[[Account], TestClient],
    delegation: Callable[[str], Account],
    presidency: Callable[[], Account],
    tmp_path: Path,
) -> None:
    assert VNU.exists(), "the Nu HTML checker is missing: run scripts/install-browser-deps"
    java = shutil.which("java")
    assert java, "the Nu HTML checker needs Java"
    _save(client, PUBLIC, objects, tmp_path, "visitor")
    login(delegation("FRA"))
    _save(client, DELEGATION, objects, tmp_path, "delegation")
    client.cookies.clear()
    login(presidency())
    _save(client, PRESIDENCY_PAGES, objects, tmp_path, "presidency")
    pages = sorted(tmp_path.glob("*.html"))
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '')!r}]"
        for m in messages
        if m["type"] == "error"
    ]
    print(f"Nu HTML checker: {len(pages)} pages")
    assert len(pages) == 2 * (len(PUBLIC) + len(DELEGATION) + len(PRESIDENCY_PAGES))
    assert not errors, "\n".join(errors[:40])


def test_the_feed_parses_cleanly(client: TestClient, objects: dict[str, int]) -> None:
    for lang in ("en", "fr"):
        feed = feedparser.parse(client.get("/feed.atom", params={"lang": lang}).content)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "atom10"
        assert any(e.link.endswith(f"/practices/{objects['published']}") for e in feed.entries)
        assert all(e.published_parsed and e.title for e in feed.entries)


def test_the_csv_passes_frictionless(
    client: TestClient, objects: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "submissions.csv"
    path.write_bytes(client.get("/export/submissions.csv").content)
    report = validate(Resource(path=path.name, basepath=str(tmp_path), format="csv"))
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "note"])
    assert report.tasks[0].stats["rows"] >= 1


def test_the_openapi_document_is_valid(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    validate_openapi(document)
    assert document["openapi"].startswith("3.")
