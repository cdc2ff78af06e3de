from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions import workflow
from submissions.models import Status, Submission
from submissions.schemas import SubmissionUpdate
from tests.conftest import Account
from tests.factories import delegation_actor, make_submission
from tests.web.conftest import csrf_of

Delegation = Callable[[str], Account]
Presidency = Callable[[], Account]
Login = Callable[[Account], TestClient]

FORM = {
    "title": "Sector exercises for hospitals",
    "summary": "Yearly exercises with hospital operators.",
    "norms": ["13g", "13h"],
    "language": "en",
    "body": "We run **yearly** exercises.",
    "best_practices": "- Invite the regulator",
    "lessons_learned": "",
    "themes": ["exercises"],
    "practice_type": "exercise",
    "level": "national",
    "implementation_status": "implemented",
    "period_start": "2023-01-01",
    "period_end": "",
    "lead_agency": "National agency",
    "references": "Exercise report | https://example.org/report",
    "attribution": "attributed",
    "contact": "desk@example.org",
    "cycle": "",
}


def post(client: TestClient, page: str, action: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(page).text)
    return client.post(action, data={"csrf_token": token, **data}, follow_redirects=False)


def test_anonymous_visitor_is_sent_to_login(client: TestClient) -> None:
    response = client.get("/workspace", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fworkspace"


def test_presidency_cannot_use_the_delegation_workspace(
    client: TestClient, presidency: Presidency, login: Login
) -> None:
    login(presidency())
    assert client.get("/workspace").status_code == 403


def test_dashboard_groups_own_practices_and_shows_return_comment(
    client: TestClient, session: Session, delegation: Delegation, login: Login
) -> None:
    make_submission(session, "FRA", Status.draft, title="My draft")
    make_submission(session, "FRA", Status.returned, title="My returned one")
    make_submission(session, "DEU", Status.draft, title="German draft")
    login(delegation("FRA"))
    html = client.get("/workspace").text
    assert "My draft" in html and "My returned one" in html and "Please add dates." in html
    assert "German draft" not in html


def test_delegation_creates_a_draft_through_the_form(
    client: TestClient, session: Session, delegation: Delegation, login: Login
) -> None:
    login(delegation("FRA"))
    response = post(client, "/workspace/practices/new", "/workspace/practices/new", FORM)
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Sector exercises for hospitals" in page.text and "Draft saved." in page.text
    assert "<strong>yearly</strong>" in page.text and "desk@example.org" in page.text


def test_create_without_csrf_is_refused_and_saves_nothing(
    client: TestClient, session: Session, delegation: Delegation, login: Login
) -> None:
    login(delegation("FRA"))
    response = client.post("/workspace/practices/new", data=FORM)
    assert response.status_code == 403
    assert "Sector exercises" not in client.get("/workspace").text


def test_preview_renders_markdown_and_saves_nothing(
    client: TestClient, delegation: Delegation, login: Login
) -> None:
    login(delegation("FRA"))
    response = post(
        client,
        "/workspace/practices/new",
        "/workspace/practices/new",
        {**FORM, "action": "preview"},
    )
    assert response.status_code == 200
    assert "<strong>yearly</strong>" in response.text and 'id="preview-title"' in response.text
    assert "Sector exercises" not in client.get("/workspace").text


def test_invalid_form_shows_field_errors(
    client: TestClient, delegation: Delegation, login: Login
) -> None:
    login(delegation("FRA"))
    bad = {**FORM, "title": "", "norms": [], "references": "no address here", "period_start": "x"}
    response = post(client, "/workspace/practices/new", "/workspace/practices/new", bad)
    assert response.status_code == 422
    for field in ("title", "norms", "references", "period_start"):
        assert f'href="#{field}"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'value="Sector exercises' not in response.text


def test_unknown_theme_is_a_field_error(
    client: TestClient, delegation: Delegation, login: Login
) -> None:
    login(delegation("FRA"))
    response = post(
        client, "/workspace/practices/new", "/workspace/practices/new", {**FORM, "themes": ["zz"]}
    )
    assert response.status_code == 422 and 'href="#themes"' in response.text


def test_delegation_edits_its_practice(
    client: TestClient, session: Session, delegation: Delegation, login: Login
) -> None:
    item = make_submission(session, "FRA", Status.draft)
    login(delegation("FRA"))
    page = f"/workspace/practices/{item.id}/edit"
    form = client.get(page).text
    assert 'name="version" value="1"' in form
    response = post(client, page, page, {**FORM, "title": "Renamed", "version": "1"})
    assert response.status_code == 303
    assert "Renamed" in client.get(f"/practices/{item.id}").text


def test_lost_race_shows_what_changed_and_overwrites_nothing(
    client: TestClient, session: Session, delegation: Delegation, login: Login
) -> None:
    item = make_submission(session, "FRA", Status.draft, title="Original title")
    assert item.id is not None
    login(delegation("FRA"))
    page = f"/workspace/practices/{item.id}/edit"
    token = csrf_of(client.get(page).text)
    workflow.update_content(
        session, delegation_actor("FRA"), item.id, SubmissionUpdate(title="Their title"), 1
    )
    response = client.post(
        page, data={"csrf_token": token, **FORM, "title": "My title", "version": "1"}
    )
    assert response.status_code == 409
    assert "Someone else saved this practice" in response.text
    assert "<del>Their</del>" in response.text and "<ins>My</ins>" in response.text
    assert 'name="version" value="2"' in response.text
    session.expire_all()
    assert "Their title" in client.get(f"/practices/{item.id}").text


def test_delegation_submits_then_withdraws(
    client: TestClient, session: Session, delegation: Delegation, login: Login
) -> None:
    item = make_submission(session, "FRA", Status.draft)
    login(delegation("FRA"))
    submitted = post(client, "/workspace", f"/workspace/practices/{item.id}/submit", {})
    assert submitted.status_code == 303
    session.expire_all()
    assert session.get(Submission, item.id).status == Status.submitted
    withdrawn = post(client, "/workspace", f"/workspace/practices/{item.id}/withdraw", {})
    assert withdrawn.status_code == 303
    session.expire_all()
    assert session.get(Submission, item.id).status == Status.withdrawn


def test_submit_twice_is_a_409_page(
    client: TestClient, session: Session, delegation: Delegation, login: Login
) -> None:
    item = make_submission(session, "FRA", Status.submitted)
    login(delegation("FRA"))
    response = post(client, "/workspace", f"/workspace/practices/{item.id}/submit", {})
    assert response.status_code == 409 and "text/html" in response.headers["content-type"]


def test_submit_without_csrf_is_refused(
    client: TestClient, session: Session, delegation: Delegation, login: Login
) -> None:
    item = make_submission(session, "FRA", Status.draft)
    login(delegation("FRA"))
    assert client.post(f"/workspace/practices/{item.id}/submit").status_code == 403
    session.expire_all()
    assert session.get(Submission, item.id).status == Status.draft


@pytest.mark.parametrize(("status", "expected"), [(Status.draft, 404), (Status.published, 403)])
def test_delegation_cannot_edit_another_participants_practice(
    client: TestClient,
    session: Session,
    delegation: Delegation,
    login: Login,
    status: Status,
    expected: int,
) -> None:
    item = make_submission(session, "DEU", status)
    login(delegation("FRA"))
    assert client.get(f"/workspace/practices/{item.id}/edit").status_code == expected
    response = post(
        client, "/workspace", f"/workspace/practices/{item.id}/edit", {**FORM, "version": "1"}
    )
    assert response.status_code == expected


def test_owner_sees_its_draft_page_with_actions(
    client: TestClient, session: Session, delegation: Delegation, login: Login
) -> None:
    item = make_submission(session, "FRA", Status.draft, contact="private@example.org")
    login(delegation("FRA"))
    html = client.get(f"/practices/{item.id}").text
    assert "private@example.org" in html and f"/workspace/practices/{item.id}/submit" in html


def test_french_dashboard_spaces_its_colon_and_names_its_groups_in_the_plural(
    client: TestClient, session: Session, delegation: Delegation, login: Login
) -> None:
    make_submission(session, "FRA", Status.published, title="Publiée ici")
    login(delegation("FRA"))
    html = client.get("/workspace?lang=fr").text
    assert "<h1>Espace de travail\u00a0: France</h1>" in html  # no break before the colon
    assert "Pratiques publiées" in html and "Pratiques retirées" in html
