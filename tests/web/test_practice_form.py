"""The practice form speaks to people: every problem at once, per field, in the page's language."""

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from submissions.models import Status, Submission
from tests.conftest import Account
from tests.factories import make_submission, practice_data
from tests.web.test_workspace_pages import FORM, post

Login = Callable[[Account], TestClient]
NEW = "/workspace/practices/new"


def field_errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="field-error" id="([a-z_]+)-error">([^<]+)</p>', html))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            {
                "title": "Enter a title.",
                "norms": "Choose at least one norm.",
                "period_start": "Enter the start of the period as a date, such as 2024-03-31.",
                "references": "Line 2: write a title, a vertical bar |, then a web address",
            },
        ),
        (
            "fr",
            {
                "title": "Saisissez un titre.",
                "norms": "Choisissez au moins une norme.",
                "period_start": "Saisissez le début de la période sous forme de date",
                "references": "Ligne 2 : écrivez un titre, une barre verticale |",
            },
        ),
    ],
)
def test_delegation_sees_every_error_at_once_in_its_language(
    client: TestClient,
    session: Session,
    delegation: Callable[[str], Account],
    login: Login,
    lang: str,
    expected: dict[str, str],
) -> None:
    login(delegation("FRA"))
    client.cookies.set("lang", lang)
    bad = {
        **FORM,
        "title": "",
        "norms": [],
        "period_start": "31/12/2023",
        "references": "Good | https://example.org\nno address here",
    }
    before = len(session.exec(select(Submission)).all())
    response = post(client, NEW, NEW, bad)
    assert response.status_code == 422
    errors = field_errors(response.text)
    for name, message in expected.items():
        assert message in errors[name].replace("&#39;", "'"), (name, errors.get(name))
    assert "Input should" not in response.text and "period_start" not in str(errors.values())
    summary = response.text.split('class="error-summary"')[1].split("</div>")[0]
    assert summary.index('href="#title"') < summary.index('href="#norms"')
    assert summary.index('href="#period_start"') < summary.index('href="#references"')
    assert len(session.exec(select(Submission)).all()) == before


def test_reversed_period_is_reported_with_the_other_errors(
    client: TestClient, delegation: Callable[[str], Account], login: Login
) -> None:
    login(delegation("FRA"))
    bad = {**FORM, "title": "", "period_start": "2024-05-01", "period_end": "2024-01-01"}
    errors = field_errors(post(client, NEW, NEW, bad).text)
    assert errors["title"] == "Enter a title."
    assert errors["period_end"] == "The end of the period must be on or after its start."


def test_api_422_keeps_loc_and_gains_the_human_message(
    client: TestClient, delegation: Callable[[str], Account]
) -> None:
    data = practice_data(title="", references=[{"title": "x", "url": "not a url"}])
    response = client.post("/api/v1/submissions", json=data, headers=delegation("FRA").headers)
    assert response.status_code == 422
    detail = {tuple(d["loc"]): d for d in response.json()["detail"]}
    assert detail[("body", "title")]["msg"] == "Enter a title."
    assert detail[("body", "title")]["type"] == "string_too_short"
    reference = next(d for loc, d in detail.items() if loc[:3] == ("body", "references", 0))
    assert reference["msg"].startswith("Line 1: write a title")


def buttons(html: str) -> list[str]:
    form = html.split('class="actions sticky-actions"')[1].split("</div>")[0]
    return [
        re.sub(r"<[^>]+>", "", b).strip() for b in re.findall(r"<button[^>]*>(.*?)</button>", form)
    ]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.draft, ["Preview", "Save draft", "Save and submit for review"]),
        (Status.returned, ["Preview", "Save draft", "Save and submit for review"]),
        (Status.submitted, ["Preview", "Save changes"]),
        (Status.published, ["Preview", "Save as a new draft", "Save and submit for review"]),
    ],
)
def test_edit_buttons_say_what_they_do(
    client: TestClient,
    session: Session,
    delegation: Callable[[str], Account],
    login: Login,
    status: Status,
    expected: list[str],
) -> None:
    login(delegation("FRA"))
    item = make_submission(session, "FRA", status)
    page = client.get(f"/workspace/practices/{item.id}/edit").text
    assert buttons(page) == expected
    assert ("Please add dates." in page) is (status is Status.returned)
    assert 'data-unsaved=""' in page


def test_save_and_submit_sends_a_returned_practice_back(
    client: TestClient, session: Session, delegation: Callable[[str], Account], login: Login
) -> None:
    login(delegation("FRA"))
    item = make_submission(session, "FRA", Status.returned)
    page = f"/workspace/practices/{item.id}/edit"
    version = re.search(r'name="version" value="(\d+)"', client.get(page).text)
    assert version
    data = {**FORM, "version": version.group(1), "action": "submit"}
    assert post(client, page, page, data).status_code == 303
    session.refresh(item)
    assert item.status == Status.submitted


def test_preview_shows_norms_themes_and_references_below_the_buttons(
    client: TestClient, delegation: Callable[[str], Account], login: Login
) -> None:
    login(delegation("FRA"))
    response = post(client, NEW, NEW, {**FORM, "action": "preview"})
    html = response.text
    preview = html.split('id="preview"')[1]
    assert "Protect critical infrastructure" in preview and "Exercises and training" in preview
    assert 'href="https://example.org/report"' in preview and "<strong>yearly</strong>" in preview
    # inside the form, above its buttons, which stay pinned to the bottom of the window
    assert html.index('id="preview"') < html.index('class="actions sticky-actions"')
    assert 'formaction="/workspace/practices/new#preview"' in html
    assert 'data-unsaved="changed"' in html


@pytest.mark.parametrize(
    ("status", "question"),
    [
        (Status.draft, "Withdraw this draft? It has never been public"),
        (Status.submitted, "Withdraw this practice from review?"),
        (Status.published, "Withdraw this practice? It will leave public view."),
    ],
)
def test_withdraw_question_fits_the_status(
    client: TestClient,
    session: Session,
    delegation: Callable[[str], Account],
    login: Login,
    status: Status,
    question: str,
) -> None:
    login(delegation("FRA"))
    make_submission(session, "FRA", status)
    questions = re.findall(r'data-confirm="([^"]+)"', client.get("/workspace").text)
    withdraw = [q for q in questions if q.startswith("Withdraw")]
    assert len(withdraw) == 1 and withdraw[0].startswith(question)
