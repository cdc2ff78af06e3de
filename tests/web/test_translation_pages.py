"""Translations on the pages: the delegation's form, the presidency's review of machine drafts,
and the synthesis title in both languages."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from submissions import translation
from submissions.models import Origin, Submission
from submissions.translators import LibreTranslate
from synthesis import service
from synthesis.models import Synthesis
from tests.conftest import Account
from tests.factories import PRESIDENCY
from tests.synthesis import conftest as synthesis_fixtures
from tests.synthesis.conftest import Practices
from tests.translation_server import libretranslate
from tests.web.conftest import post_form
from tests.web.test_workspace_pages import FORM

Login = Callable[[Account], TestClient]
practices = synthesis_fixtures.practices
make_synthesis = synthesis_fixtures.make_synthesis
__all__ = ["libretranslate", "make_synthesis", "practices"]  # the fixtures


def test_delegation_writes_its_texts_in_the_other_language_in_the_form(
    client: TestClient, session: Session, delegation: Callable[[str], Account], login: Login
) -> None:
    login(delegation("FRA"))
    data = {
        **FORM,
        "translation_title": "Exercices sectoriels",
        "translation_best_practices": "- Un",
    }
    page = "/workspace/practices/new"
    assert post_form(client, page, page, data).status_code == 303
    submission = session.exec(select(Submission).order_by(Submission.id.desc())).first()  # type: ignore[union-attr]
    assert submission is not None
    row = translation.of(session, submission.current_revision_id or 0)
    assert row is not None and row.title == "Exercices sectoriels"
    assert row.origin == {"title": Origin.human, "best_practices": Origin.human}
    edit = client.get(f"/workspace/practices/{submission.id}/edit").text
    assert 'value="Exercices sectoriels"' in edit and "In the other language" in edit


def test_translation_too_long_is_named_on_the_form(
    client: TestClient, delegation: Callable[[str], Account], login: Login
) -> None:
    login(delegation("FRA"))
    page = "/workspace/practices/new"
    response = post_form(client, page, page, {**FORM, "translation_title": "x" * 301})
    assert response.status_code == 422
    assert 'id="translation_title-error"' in response.text


def test_presidency_sees_machine_drafts_and_confirms_them(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Callable[..., Synthesis],
    presidency: Callable[[], Account],
    login: Login,
    libretranslate: str,
) -> None:
    synthesis = make_synthesis()
    service.draft_missing(session, PRESIDENCY, synthesis.id or 0, LibreTranslate(libretranslate))
    login(presidency())
    page = f"/admin/syntheses/{synthesis.id}"
    html = client.get(page).text
    assert "Machine translations to review" in html and "[fr] French register" in html
    before = service.load_source(session, synthesis).machine["fr"]
    body = {"submission_id": str(practices.france), "title": "Registre français des opérateurs"}
    response = post_form(client, page, f"{page}/translations", body)
    assert response.status_code == 303
    assert service.load_source(session, synthesis).machine["fr"] == before - 1
    assert (
        "Registre français des opérateurs"
        in client.get(f"/syntheses/{synthesis.id}/report.md?lang=fr").text
    )


def test_rewritten_translation_with_other_points_is_refused_on_its_field(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Callable[..., Synthesis],
    presidency: Callable[[], Account],
    login: Login,
    libretranslate: str,
) -> None:
    synthesis = make_synthesis()
    service.draft_missing(session, PRESIDENCY, synthesis.id or 0, LibreTranslate(libretranslate))
    login(presidency())
    page = f"/admin/syntheses/{synthesis.id}"
    body = {"submission_id": str(practices.germany), "best_practices": "- Un\n- Deux\n- Trois"}
    response = post_form(client, page, f"{page}/translations", body)
    assert response.status_code == 422
    assert "Write one point per point of the original." in response.text


def test_presidency_names_the_synthesis_in_both_languages(
    client: TestClient, practices: Practices, presidency: Callable[[], Account], login: Login
) -> None:
    login(presidency())
    body = {"title": "Synthesis 2026", "title_fr": "Synthèse 2026"}
    response = post_form(client, "/admin/syntheses/new", "/admin/syntheses", body)
    assert response.status_code == 303
    where = response.headers["location"]
    report = client.get(f"/syntheses/{where.rsplit('/', 1)[1]}/report.md?lang=fr").text
    assert report.startswith("# Synthèse 2026")
    texts = {"title_en": "Synthesis of 2026", "title_fr": ""}
    assert post_form(client, where, f"{where}/texts", texts).status_code == 303
    assert "Synthesis of 2026" in client.get(where).text
    report = client.get(f"/syntheses/{where.rsplit('/', 1)[1]}/report.md?lang=fr").text
    assert report.startswith("# Synthèse 2026")


def test_api_lists_drafts_and_takes_the_presidency_wording(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Callable[..., Synthesis],
    presidency: Callable[[], Account],
    libretranslate: str,
) -> None:
    synthesis = make_synthesis()
    service.draft_missing(session, PRESIDENCY, synthesis.id or 0, LibreTranslate(libretranslate))
    base = f"/api/v1/syntheses/{synthesis.id}/translations"
    listed = client.get(base, headers=presidency().headers).json()
    assert {d["submission_id"] for d in listed} == set(practices.included)
    body = {"submission_id": practices.anonymous, "title": "Coordinated disclosure programme"}
    after = client.post(base, json=body, headers=presidency().headers)
    assert after.status_code == 200
    [left] = [d for d in after.json() if d["submission_id"] == practices.anonymous]
    assert "title" not in left["machine"]
    missing = client.post(
        base, json={**body, "submission_id": 999999}, headers=presidency().headers
    )
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"][-1] == "submission_id"
    read = client.get(
        f"/api/v1/submissions/{practices.anonymous}/revisions", headers=presidency().headers
    )
    assert read.json()[-1]["translation"]["origin"]["title"] == "human"
