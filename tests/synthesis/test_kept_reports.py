"""Kept reports: one file per synthesis, format and language, made by a job once per version of
the synthesis; links use the configured base URL, never the request's Host."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api import jobs, reports
from api.settings import get_settings
from synthesis.freeze import snapshot
from synthesis.models import Synthesis
from synthesis.render import report
from synthesis.schemas import Format, TextsUpdate
from tests.conftest import Account
from tests.factories import PRESIDENCY
from tests.synthesis.conftest import Practices

MakeSynthesis = Callable[..., Synthesis]
PATHS = ["/api/v1/syntheses/{id}/report.{fmt}", "/syntheses/{id}/report.{fmt}"]
BASE_URL = "https://normbook.example.org"


@pytest.fixture
def kept_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "reports"
    monkeypatch.setattr(get_settings(), "report_cache", directory)
    monkeypatch.setattr(get_settings(), "base_url", BASE_URL)
    return directory


def _composed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The languages of the documents composed from now on."""
    made: list[str] = []
    compose = report.document

    def counting(session: Session, synthesis: Synthesis, lang: str, base_url: str = ""):  # type: ignore[no-untyped-def]
        made.append(lang)
        return compose(session, synthesis, lang, base_url)

    monkeypatch.setattr(reports.service, "document", counting)
    return made


@pytest.mark.parametrize("path", PATHS)
def test_a_published_report_is_made_once_whatever_the_host(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: MakeSynthesis,
    kept_in: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
) -> None:
    synthesis = snapshot.publish(session, PRESIDENCY, make_synthesis().id or 0)
    session.commit()
    made = _composed(monkeypatch)
    url = path.format(id=synthesis.id, fmt="md")
    plain = {"Accept-Encoding": "identity"}
    first = client.get(url, params={"lang": "fr"}, headers=plain)
    hosts = [
        client.get(url, params={"lang": "fr"}, headers={**plain, "Host": f"evil{n}.example"})
        for n in range(3)
    ]
    english = client.get(url, params={"lang": "en"})
    assert first.status_code == english.status_code == 200
    assert made == ["fr", "en"]
    assert all(again.content == first.content for again in hosts)
    assert b"evil" not in first.content
    assert first.content == report.render(session, synthesis, Format.md, "fr", BASE_URL)
    assert english.content != first.content
    kept = sorted(f.name for f in kept_in.iterdir())
    assert kept == [f"synthesis-{synthesis.id}-en.md", f"synthesis-{synthesis.id}-fr.md"]


def test_publishing_asks_for_every_report_once(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: MakeSynthesis,
    kept_in: Path,
    presidency: Callable[[], Account],
) -> None:
    draft = make_synthesis()
    session.commit()
    answer = client.post(f"/api/v1/syntheses/{draft.id}/publish", headers=presidency().headers)
    assert answer.status_code == 200
    asked = jobs.of_subject(session, reports.subject(draft.id or 0))
    assert sorted((j.args["fmt"], j.args["lang"]) for j in asked) == sorted(
        (fmt.value, lang) for lang in ("en", "fr") for fmt in Format
    )
    assert {j.state for j in asked} == {jobs.JobState.queued}
    published = session.get(Synthesis, draft.id)
    assert published is not None
    reports.ask_all(session, published, get_settings())  # asked again: still one job each
    assert len(jobs.of_subject(session, reports.subject(draft.id or 0))) == 8


def test_a_drafts_report_is_replaced_when_the_draft_changes(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: MakeSynthesis,
    kept_in: Path,
    presidency: Callable[[], Account],
) -> None:
    draft = make_synthesis()
    session.commit()
    url = f"/api/v1/syntheses/{draft.id}/report.md"
    headers = presidency().headers
    before = client.get(url, headers=headers).text
    texts = TextsUpdate.model_validate({"introduction": {"en": "A new introduction."}})
    snapshot.update_texts(session, PRESIDENCY, draft.id or 0, texts)
    session.commit()
    after = client.get(url, headers=headers).text
    assert "A new introduction." in after and "A new introduction." not in before
    assert [f.name for f in kept_in.iterdir()] == [f"synthesis-{draft.id}-en.md"]


def test_a_report_that_fails_to_be_made_leaves_nothing_kept(
    session: Session,
    practices: Practices,
    make_synthesis: MakeSynthesis,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    synthesis = make_synthesis()

    def failing(*args: object) -> int:
        raise RuntimeError("the layout failed")

    monkeypatch.setattr(reports.service, "write_to", failing)
    with pytest.raises(RuntimeError):
        reports.make_report(
            session, lambda f: None, synthesis.id or 0, "pdf", "en",
            reports.stamp(synthesis), "", str(tmp_path),
        )  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_reports_of_deleted_syntheses_are_evicted(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis, tmp_path: Path
) -> None:
    synthesis = make_synthesis()
    kept = reports.path(tmp_path, synthesis.id or 0, Format.md, "en")
    gone = reports.path(tmp_path, (synthesis.id or 0) + 1000, Format.pdf, "fr")
    for file in (kept, gone):
        file.write_bytes(b"report")
    assert reports.evict(session, tmp_path) == [gone]
    assert [f.name for f in tmp_path.iterdir()] == [kept.name]
