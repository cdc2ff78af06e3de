"""The review shows only what changed, as the public reads it, and asks before publishing."""

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions import workflow
from submissions.models import Status
from submissions.schemas import SubmissionUpdate
from tests.conftest import Account
from tests.factories import delegation_actor, make_submission

Login = Callable[[Account], TestClient]


def revise(session: Session, update: SubmissionUpdate, **original: object) -> int:
    item = make_submission(session, "FRA", Status.published, **original)
    assert item.id is not None
    fra = delegation_actor("FRA")
    workflow.update_content(session, fra, item.id, update, item.version)
    workflow.submit(session, fra, item.id)
    return item.id


def changed_fields(html: str) -> list[str]:
    block = html.split('<dl class="changes">')[1].split("</dl>")[0]
    return re.findall(r"<dt>([^<]+)</dt>", block)


def test_only_changed_fields_are_shown_rendered_with_words_marked(
    client: TestClient, session: Session, presidency: Callable[[], Account], login: Login
) -> None:
    id = revise(
        session,
        SubmissionUpdate(body="The agency keeps a **public register** of operators."),
        body="The agency keeps a **register** of operators.",
    )
    login(presidency())
    html = client.get(f"/review/{id}").text
    assert changed_fields(html) == ["Description"]
    assert "<strong><ins>public </ins>register</strong>" in html
    assert "**" not in html.split('<dl class="changes">')[1].split("</dl>")[0]


def test_reordered_themes_are_no_change_and_norms_show_by_name(
    client: TestClient, session: Session, presidency: Callable[[], Account], login: Login
) -> None:
    id = revise(
        session,
        SubmissionUpdate(themes=["exercises", "critical-infrastructure"], norms=["13g", "13h"]),
        themes=["critical-infrastructure", "exercises"],
        norms=["13g"],
    )
    login(presidency())
    html = client.get(f"/review/{id}").text
    assert changed_fields(html) == ["Norms"]
    assert "<ins>13(h) Answer requests for assistance</ins>" in html


def test_decision_comes_after_the_changes_and_publish_asks_first(
    client: TestClient, session: Session, presidency: Callable[[], Account], login: Login
) -> None:
    id = revise(session, SubmissionUpdate(title="A newer title"))
    login(presidency())
    html = client.get(f"/review/{id}").text
    assert html.index('id="changes-title"') < html.index('id="decision-title"')
    assert html.index('name="comment"') < html.index(f'action="/review/{id}/publish"')
    publish = re.search(rf'<form[^>]*action="/review/{id}/publish"[^>]*>', html)
    assert publish and "data-confirm=" in publish.group(0)


def test_queue_times_are_to_the_minute_in_the_page_language(
    client: TestClient, session: Session, presidency: Callable[[], Account], login: Login
) -> None:
    make_submission(session, "FRA", Status.submitted)
    login(presidency())
    for lang, shape in (("en", r"\d{1,2}:\d{2}\s?[AP]M UTC"), ("fr", r"\d{4}, \d{2}:\d{2} UTC")):
        client.cookies.set("lang", lang)
        html = client.get("/review").text
        shown = re.findall(r'<time datetime="[^"]+">([^<]+)</time>', html)
        assert shown and all(re.search(shape, text) for text in shown), shown
        assert not any(re.search(r"\d:\d{2}:\d{2}", text) for text in shown)
