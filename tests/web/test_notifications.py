"""Notifications: e-mail through a real SMTP server after commit, in the recipient's language, and
the in-app list of the same events."""

import email
import socket
import time
from collections.abc import Callable, Iterator
from email import policy
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api import mailer
from api.settings import get_settings
from submissions.models import Notification, Status
from submissions.notifications import Mail
from tests.conftest import Account
from tests.factories import make_submission
from tests.web.test_workspace_pages import post

Login = Callable[[Account], TestClient]


class Inbox:
    """An aiosmtpd handler that keeps every message it receives, parsed."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[attr-defined]
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 10) -> list[Message]:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    handler = Inbox()
    with socket.socket() as probe:  # a free port: the controller checks its own with a connection
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("NORMBOOK_SMTP_URL", f"smtp://127.0.0.1:{port}")
    get_settings.cache_clear()
    yield handler
    controller.stop()
    monkeypatch.delenv("NORMBOOK_SMTP_URL")
    get_settings.cache_clear()


def by_recipient(messages: list[Message]) -> dict[str, Message]:
    return {str(m["To"]): m for m in messages}


def body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")


def test_submitting_tells_the_presidency_by_mail_and_in_the_app(
    client: TestClient,
    session: Session,
    inbox: Inbox,
    delegation: Callable[[str], Account],
    presidency: Callable[[], Account],
    login: Login,
) -> None:
    item = make_submission(session, "FRA", title="Hospital exercises")
    session.commit()
    login(delegation("FRA"))
    started = time.monotonic()
    response = post(client, "/workspace", f"/workspace/practices/{item.id}/submit", {})
    assert response.status_code == 303 and time.monotonic() - started < 2
    mail = by_recipient(inbox.wait_for(1))[presidency().email]
    assert mail["Subject"] == "New practice to review: Hospital exercises"
    assert f"/review/{item.id}" in body(mail)
    assert mail["Content-Language"] == "en"
    client.cookies.clear()
    login(presidency())
    listing = client.get("/notifications").text
    assert "Hospital exercises" in listing and f'href="/review/{item.id}"' in listing


def test_return_reaches_the_delegation_in_the_language_it_logged_in_with(
    client: TestClient,
    session: Session,
    inbox: Inbox,
    delegation: Callable[[str], Account],
    presidency: Callable[[], Account],
    login: Login,
) -> None:
    item = make_submission(session, "FRA", Status.submitted, title="Registre des opérateurs")
    session.commit()
    inbox.wait_for(1)  # the presidency's, for the submission
    inbox.messages.clear()
    client.cookies.set("lang", "fr")
    login(delegation("FRA"))  # remembers French for this delegate
    client.cookies.clear()
    login(presidency())
    page = f"/review/{item.id}"
    response = post(client, page, f"{page}/return", {"comment": "Ajoutez les dates, svp."})
    assert response.status_code == 303
    mail = by_recipient(inbox.wait_for(1))[delegation("FRA").email]
    assert mail["Subject"] == (
        "Votre pratique a été renvoyée avec un commentaire\u00a0: Registre des opérateurs"
    )
    text = body(mail)
    assert "Ajoutez les dates, svp." in text and f"/workspace/practices/{item.id}/edit" in text
    assert mail["Content-Language"] == "fr"


def test_publishing_tells_each_user_of_the_delegation_and_not_others(
    session: Session, inbox: Inbox, delegation: Callable[[str], Account]
) -> None:
    item = make_submission(session, "DEU", Status.published, title="Supply chain checks")
    session.commit()
    mails = by_recipient(inbox.wait_for(2))
    assert (
        mails[delegation("DEU").email]["Subject"]
        == "Your practice is published: Supply chain checks"
    )
    assert delegation("FRA").email not in mails
    rows = session.exec(select(Notification).where(Notification.submission_id == item.id)).all()
    assert {row.event for row in rows} == {"submitted", "published"}


def test_nothing_is_sent_on_rollback_or_without_smtp(
    session: Session, inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_submission(session, "JPN", Status.submitted)
    session.rollback()
    monkeypatch.setenv("NORMBOOK_SMTP_URL", "")
    get_settings.cache_clear()
    make_submission(session, "JPN", Status.submitted)
    session.commit()
    time.sleep(0.5)
    assert inbox.messages == []


def test_delivery_retries_until_the_server_answers(inbox: Inbox) -> None:
    mail = Mail("someone@test.normbook.org", "Subject", "Body", "en")
    url = get_settings().smtp_url
    closed = "smtp://127.0.0.1:9"  # nothing listens on the discard port here
    assert mailer.deliver(closed, "from@test", [mail], pause=0.01) == [mail]
    assert mailer.deliver(url, "from@test", [mail], pause=0.01) == []
    assert inbox.wait_for(1)[0]["To"] == "someone@test.normbook.org"
