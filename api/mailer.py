"""E-mail after commit: the letters a transaction queued are written in each recipient's language
and sent over SMTP, with retries, so that no request waits for a mail server: by a `mail` job that
the transaction asks for (the worker sends it once the transaction has committed), or, with
`NORMBOOK_QUEUE=inline` (no worker), from a short-lived thread after the commit. Nothing is sent
when NORMBOOK_SMTP_URL is empty, or when the transaction rolls back.

`deliver` is the one function that talks to the server.
"""

import logging
import smtplib
import ssl
import threading
import time
import uuid
from dataclasses import asdict
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import event
from sqlalchemy.orm import Session

from api import jobs, queue
from api.settings import get_settings
from norms.lang import DEFAULT_LANG, parse_lang
from submissions import notifications
from submissions.notifications import Mail
from web import i18n

log = logging.getLogger("normbook.mail")
ATTEMPTS = 4
FIRST_PAUSE_SECONDS = 2.0


NAME = "mail"


def install() -> None:
    """Listen to every session's commits and rollbacks (once per process)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)


def _after_rollback(session: Session) -> None:
    notifications.take_outbox(session)


def _composed(session: Session) -> list[Mail]:
    """The transaction's letters as mails (none without an SMTP server to send them to)."""
    letters = notifications.take_outbox(session)
    settings = get_settings()
    if not letters or not settings.smtp_url:
        return []
    return [
        notifications.compose(
            letter,
            i18n.translations(parse_lang(letter.lang) or DEFAULT_LANG).gettext,
            settings.base_url,
        )
        for letter in letters
    ]


def _before_commit(session: Session) -> None:
    """With a queue, the transaction's mails become a job written in it."""
    if queue.is_inline():
        return
    mails = _composed(session)
    if mails:
        mails_args = [asdict(mail) for mail in mails]
        key = f"{NAME}:{uuid.uuid4().hex}"  # every transaction's mails are their own job
        jobs.enqueue_after_commit(session, NAME, key, NAME, mails=mails_args)  # type: ignore[arg-type]


@jobs.job(NAME)
def send(session: Session, progress: jobs.Progress, mails: list[dict[str, str]]) -> dict[str, Any]:
    settings = get_settings()
    unsent = deliver(settings.smtp_url, settings.mail_from, [Mail(**mail) for mail in mails])
    if unsent:  # the job fails, and the presidency's jobs page says so
        raise OSError(f"{len(unsent)} of {len(mails)} mail(s) not sent after {ATTEMPTS} attempts")
    return {"sent": len(mails)}


def _after_commit(session: Session) -> None:
    mails = _composed(session)  # inline: no worker, a thread sends them
    if not mails:
        return
    settings = get_settings()
    thread = threading.Thread(
        target=deliver, args=(settings.smtp_url, settings.mail_from, mails), name="normbook-mail"
    )
    thread.start()


def deliver(
    smtp_url: str, sender: str, mails: list[Mail], pause: float = FIRST_PAUSE_SECONDS
) -> list[Mail]:
    """Send each mail, retrying the ones that failed with a growing pause; returns those that could
    not be sent after every attempt (logged)."""
    waiting = list(mails)
    for attempt in range(ATTEMPTS):
        if attempt:
            time.sleep(pause * 2 ** (attempt - 1))
        try:
            with _connect(smtp_url) as server:
                while waiting:
                    server.send_message(message_of(waiting[0], sender))
                    waiting.pop(0)
        except (OSError, smtplib.SMTPException) as error:
            log.warning("mail attempt %d failed: %s", attempt + 1, error)
        if not waiting:
            return []
    log.error("%d mail(s) not sent after %d attempts", len(waiting), ATTEMPTS)
    return waiting


def message_of(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="normbook")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body)
    message["Content-Language"] = mail.lang  # after set_content, which clears Content-* headers
    return message


def _connect(smtp_url: str) -> smtplib.SMTP:
    url = urlsplit(smtp_url)
    options = parse_qs(url.query)
    host, timeout = url.hostname or "localhost", 15
    if url.scheme == "smtps":
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            host, url.port or 465, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        server = smtplib.SMTP(host, url.port or 25, timeout=timeout)
        if options.get("starttls", ["0"])[0] in ("1", "true", "yes"):
            server.starttls(context=ssl.create_default_context())
    if url.username:
        server.login(unquote(url.username), unquote(url.password or ""))
    return server
