from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from norms.models import utcnow
from submissions import workflow
from submissions.models import Status, Submission
from submissions.schemas import SubmissionUpdate
from tests.conftest import PASSWORD, Account
from tests.factories import PRESIDENCY, delegation_actor, make_submission
from tests.web.conftest import csrf_of

Delegation = Callable[[str], Account]
Presidency = Callable[[], Account]
Login = Callable[[Account], TestClient]


def post(client: TestClient, page: str, action: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(page).text)
    return client.post(action, data={"csrf_token": token, **data}, follow_redirects=False)


@pytest.mark.parametrize("path", ["/review", "/admin/users", "/admin/audit"])
def test_delegation_gets_403_on_presidency_pages(
    client: TestClient, delegation: Delegation, login: Login, path: str
) -> None:
    login(delegation("FRA"))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/review", "/review/1", "/admin/users", "/admin/audit"])
def test_anonymous_is_sent_to_login(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_queue_lists_submitted_practices_oldest_first(
    client: TestClient, session: Session, presidency: Presidency, login: Login
) -> None:
    newer = make_submission(session, "FRA", Status.submitted, title="Newer submission")
    older = make_submission(session, "DEU", Status.submitted, title="Older submission")
    older.submitted_at = utcnow() - timedelta(days=3)
    session.add(older)
    session.flush()
    make_submission(session, "JPN", Status.draft, title="Unsubmitted draft")
    login(presidency())
    html = client.get("/review").text
    assert html.index("Older submission") < html.index("Newer submission")
    assert "Unsubmitted draft" not in html
    assert f'href="/review/{newer.id}"' in html


def test_presidency_publishes_from_the_review_page(
    client: TestClient, session: Session, presidency: Presidency, login: Login
) -> None:
    item = make_submission(session, "FRA", Status.submitted, title="To publish")
    login(presidency())
    page = f"/review/{item.id}"
    assert "Never published before" in client.get(page).text
    response = post(client, page, f"{page}/publish", {})
    assert response.status_code == 303
    client.cookies.clear()
    assert "To publish" in client.get(f"/practices/{item.id}").text


def test_publish_without_csrf_is_refused(
    client: TestClient, session: Session, presidency: Presidency, login: Login
) -> None:
    item = make_submission(session, "FRA", Status.submitted)
    login(presidency())
    assert client.post(f"/review/{item.id}/publish").status_code == 403
    session.expire_all()
    assert session.get(Submission, item.id).status == Status.submitted


def test_return_needs_a_comment_then_reaches_the_delegation(
    client: TestClient,
    session: Session,
    presidency: Presidency,
    delegation: Delegation,
    login: Login,
) -> None:
    item = make_submission(session, "FRA", Status.submitted)
    login(presidency())
    page = f"/review/{item.id}"
    empty = post(client, page, f"{page}/return", {"comment": "  "})
    assert empty.status_code == 422 and "Write a comment for the delegation." in empty.text
    # said at the top of the page too, with a link to the field: the form is far below
    summary = empty.text.index('class="error-summary"')
    assert summary < empty.text.index('<h2 id="changes-title">')
    assert '<a href="#comment">Comment for the delegation: Write a comment' in empty.text
    done = post(client, page, f"{page}/return", {"comment": "Add the dates, please."})
    assert done.status_code == 303
    post(client, "/review", "/logout", {})
    login(delegation("FRA"))
    assert "Add the dates, please." in client.get("/workspace").text


def test_review_shows_diff_against_last_published_revision(
    client: TestClient, session: Session, presidency: Presidency, login: Login
) -> None:
    item = make_submission(session, "FRA", Status.published, title="Register of operators")
    assert item.id is not None
    fra = delegation_actor("FRA")
    workflow.update_content(
        session, fra, item.id, SubmissionUpdate(title="Public register of operators"), item.version
    )
    workflow.submit(session, fra, item.id)
    login(presidency())
    html = client.get(f"/review/{item.id}").text
    assert "<del>Register</del><ins>Public register</ins> of operators" in html
    assert "Revision 2" in html


def test_presidency_invites_and_deactivates_a_user(
    client: TestClient, session: Session, presidency: Presidency, login: Login
) -> None:
    login(presidency())
    email = "ita-delegate@test.normbook.org"
    invited = post(
        client,
        "/admin/users",
        "/admin/users",
        {"email": email, "participant": "ITA", "role": "delegation", "password": PASSWORD},
    )
    assert invited.status_code == 303
    html = client.get("/admin/users").text
    assert email in html
    user_id = int(html.split(email)[1].split('action="/admin/users/')[1].split("/")[0])
    deactivated = post(client, "/admin/users", f"/admin/users/{user_id}/active", {"active": "0"})
    assert deactivated.status_code == 303
    post(client, "/admin/users", "/logout", {})
    refused = post(client, "/login", "/login", {"email": email, "password": PASSWORD})
    assert refused.status_code == 400


def test_invite_with_bad_input_shows_the_field(
    client: TestClient, presidency: Presidency, login: Login
) -> None:
    login(presidency())
    response = post(
        client,
        "/admin/users",
        "/admin/users",
        {"email": "not-an-email", "participant": "ITA", "role": "delegation", "password": "x"},
    )
    assert response.status_code == 422 and 'href="#email"' in response.text


def test_audit_page_lists_writes(
    client: TestClient, session: Session, presidency: Presidency, login: Login
) -> None:
    item = make_submission(session, "FRA", Status.submitted)
    workflow.publish(session, PRESIDENCY, item.id or 0)
    login(presidency())
    html = client.get("/admin/audit").text
    assert f'href="/practices/{item.id}"' in html and "<code>published</code>" in html
