"""Stateful: writes through the API, the CLI and plain SQL interleaved with public reads; every read
equals the same page rendered with nothing kept (`submissions.public_version`)."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule
from sqlalchemy import text
from typer.testing import CliRunner

from api import cli
from api.app import create_app
from api.db import Database
from api.deps import current_settings
from api.settings import get_settings
from norms.official import CODES
from submissions import public_version, spelling, vectors
from tests.databases import Seeded, migrated, seed
from tests.factories import practice_data

NORMS = ["13a", "13c", "13g"]
WORDS = st.sampled_from(["Resilient", "Shared", "Coordinated", "Trusted"])
READS = [
    "/practices/{id}",
    "/api/v1/submissions?page_size=100",
    "/api/v1/submissions?norm=13g",
    "/api/v1/submissions?q=register",
    "/search",
    "/search?norm=13g",
    "/search?q=register",
    "/search?q=France",
    "/norms/13g",
    "/norms",
    "/coverage",
    "/participants/DEU",
    "/",
]


class Site:
    database: Database
    seeded: Seeded
    client: TestClient
    folder: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    built = Site()
    built.database = migrated("public_version_states")
    built.seeded = seed(built.database)
    built.folder = tmp_path_factory.mktemp("texts")
    configured = get_settings().model_copy(update={"database_url": built.database.url})
    app = create_app(configured)
    app.dependency_overrides[current_settings] = lambda: configured
    with TestClient(app) as built.client:
        yield built
    built.database.dispose()


def uncached(path: str, client: TestClient) -> tuple[int, str]:
    """The page rendered with nothing kept; what was kept is put back afterwards, so that a later
    read, after more writes, finds it and must tell by its key that it is no longer current."""
    shelves = {
        name: (shelf.version, shelf.entries.copy())
        for name, shelf in public_version._shelves.items()
    }
    others = [(kept, dict(kept)) for kept in (vectors._kept, spelling._kept)]
    public_version.clear()
    for kept, _ in others:
        kept.clear()
    try:
        answer = client.get(path)
    finally:
        for name, (version, entries) in shelves.items():
            public_version._shelves[name].version = version
            public_version._shelves[name].entries = entries
        for kept, saved in others:
            kept.clear()
            kept.update(saved)  # type: ignore[arg-type]
    return answer.status_code, answer.text


class Interleaved(RuleBasedStateMachine):
    site: Site

    @initialize()
    def known_practices(self) -> None:
        listed = self.site.client.get("/api/v1/submissions?page_size=100").json()["items"]
        self.public = {item["id"]: item["participant"] or "FRA" for item in listed}

    def api(self, method: str, path: str, role: str, **body: object) -> dict[str, object]:
        answer = self.site.client.request(
            method, path, headers=self.site.seeded.headers(role), json=body or None
        )
        assert answer.status_code in {200, 201}, answer.text
        return answer.json()  # type: ignore[no-any-return]

    @rule(participant=st.sampled_from(["FRA", "DEU"]), norm=st.sampled_from(NORMS), word=WORDS)
    def api_publishes_a_practice(self, participant: str, norm: str, word: str) -> None:
        data = practice_data(norms=[norm], title=f"{word} register of operators")
        made = self.api("POST", "/api/v1/submissions", participant, **data)
        self.api("POST", f"/api/v1/submissions/{made['id']}/submit", participant)
        self.api("POST", f"/api/v1/submissions/{made['id']}/publish", "presidency")
        self.public[int(made["id"])] = participant  # type: ignore[call-overload]

    @rule(norm=st.sampled_from(NORMS), word=WORDS)
    def api_edits_a_norm_title(self, norm: str, word: str) -> None:
        self.api("PATCH", f"/api/v1/norms/{norm}", "presidency", title_en=f"{word} norm {norm}")

    @rule(word=WORDS)
    def api_edits_the_cycle(self, word: str) -> None:
        self.api("PATCH", "/api/v1/cycles/fr-2026", "presidency", title_en=f"{word} presidency")

    @rule(data=st.data())
    def api_withdraws_a_practice(self, data: st.DataObject) -> None:
        if self.public:
            id_ = data.draw(st.sampled_from(sorted(self.public)))
            self.api("POST", f"/api/v1/submissions/{id_}/withdraw", self.public.pop(id_))

    @rule(word=WORDS)
    def cli_loads_norm_texts(self, word: str) -> None:
        texts = {code: {"en": f"{word} text of {code}.", "fr": f"Texte {code}."} for code in CODES}
        path = self.site.folder / "texts.json"
        path.write_text(json.dumps(texts), "utf-8")
        get_settings.cache_clear()
        try:
            result = CliRunner().invoke(
                cli.app,
                ["norms", "load", "--texts", str(path)],
                env={"NORMBOOK_DATABASE_URL": self.site.database.url},
            )
        finally:
            get_settings.cache_clear()
        assert result.exit_code == 0, result.output

    @rule(word=WORDS)
    def sql_renames_a_participant(self, word: str) -> None:
        with self.site.database.writer.begin() as connection:
            connection.execute(
                text("UPDATE participant SET name_en = :name WHERE code = 'DEU'"),
                {"name": f"{word} Germany"},
            )

    @rule(data=st.data())
    def public_reads_equal_uncached_renders(self, data: st.DataObject) -> None:
        """Every public read, served from what earlier reads kept (before the writes since, if
        any), equals its render with nothing kept."""
        client = self.site.client
        for path in READS:
            if "{id}" in path:
                if not self.public:
                    continue
                path = path.format(id=data.draw(st.sampled_from(sorted(self.public))))
            read = client.get(path)
            assert (read.status_code, read.text) == uncached(path, client), path


def test_public_reads_equal_uncached_renders_between_writes(site: Site) -> None:
    Interleaved.site = site
    Interleaved.TestCase.settings = settings(
        max_examples=6,
        stateful_step_count=12,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    Interleaved.TestCase().runTest()
