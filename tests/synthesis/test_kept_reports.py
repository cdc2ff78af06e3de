"""A published synthesis's reports are made once and kept: it can never change, and a PDF of a
large one takes minutes. A draft's are made afresh."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.settings import get_settings
from norms.models import Participant
from synthesis.freeze import snapshot
from synthesis.models import Synthesis
from synthesis.render import report
from synthesis.schemas import Format, TextsUpdate
from tests.conftest import Account
from tests.factories import PRESIDENCY
from tests.synthesis.conftest import Practices

MakeSynthesis = Callable[..., Synthesis]
PATHS = ["/api/v1/syntheses/{id}/report.{fmt}", "/syntheses/{id}/report.{fmt}"]


@pytest.fixture
def kept_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "reports"
    monkeypatch.setattr(get_settings(), "report_cache", directory)
    return directory


@pytest.fixture
def published(session: Session, practices: Practices, make_synthesis: MakeSynthesis) -> Synthesis:
    return snapshot.publish(session, PRESIDENCY, make_synthesis().id or 0)


def _composed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The languages of the documents composed from now on."""
    made: list[str] = []
    compose = report.document

    def counting(session: Session, synthesis: Synthesis, lang: str, base_url: str = ""):  # type: ignore[no-untyped-def]
        made.append(lang)
        return compose(session, synthesis, lang, base_url)

    monkeypatch.setattr(report, "document", counting)
    return made


@pytest.mark.parametrize("path", PATHS)
def test_a_published_report_is_made_once_then_sent_from_where_it_is_kept(
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
    first = client.get(url, params={"lang": "fr"}, headers={"Accept-Encoding": "identity"})
    again = client.get(url, params={"lang": "fr"}, headers={"Accept-Encoding": "identity"})
    english = client.get(url, params={"lang": "en"})
    assert first.status_code == again.status_code == english.status_code == 200
    assert made == ["fr", "en"]
    assert again.content == first.content
    assert again.headers["content-length"] == str(len(first.content))
    base_url = str(client.base_url).rstrip("/")
    assert first.content == report.render(session, synthesis, Format.md, "fr", base_url)
    assert english.content != first.content
    assert sorted(f.suffix for f in kept_in.iterdir()) == [".md", ".md"]  # no part left behind


def test_a_drafts_report_is_made_afresh_at_each_request(
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
    assert not kept_in.exists() or not list(kept_in.iterdir())


def test_a_report_that_fails_to_be_made_leaves_nothing_kept(
    session: Session, published: Synthesis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    def failing(*args: object) -> int:
        raise RuntimeError("the layout failed")

    monkeypatch.setattr(report, "write_to", failing)
    with pytest.raises(RuntimeError):
        report.kept(session, published, Format.pdf, "en", "", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_reports_are_made_afresh_when_they_cannot_be_kept(
    session: Session, published: Synthesis, tmp_path: Path
) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("")
    content = report.kept(session, published, Format.md, "en", "", not_a_directory / "reports")
    with content:
        assert content.read() == report.render(session, published, Format.md, "en")


def test_a_report_kept_by_other_code_or_names_is_made_again(
    session: Session, published: Synthesis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synthesis = published
    made = _composed(monkeypatch)
    report.kept(session, synthesis, Format.md, "en", "", tmp_path).close()
    report.kept(session, synthesis, Format.md, "en", "", tmp_path).close()
    assert made == ["en"]
    monkeypatch.setattr(report, "_code", lambda: "an upgrade")
    report.kept(session, synthesis, Format.md, "en", "", tmp_path).close()
    germany = session.get(Participant, "DEU")
    assert germany is not None
    germany.name_en = "Federal Republic of Germany"
    session.add(germany)
    session.flush()
    with report.kept(session, synthesis, Format.md, "en", "", tmp_path) as renamed:
        assert "Federal Republic of Germany" in renamed.read().decode()
    assert made == ["en", "en", "en"]
    assert len(list(tmp_path.iterdir())) == 3
