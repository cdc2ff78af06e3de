"""E-mail after commit: the letters a transaction queued are written in each recipient's language
and sent over SMTP from a short-lived thread, with retries, so that no request waits for a mail
server. Nothing is sent when NORMBOOK_SMTP_URL is empty, or when the transaction rolls back.

`deliver` is the one function that talks to the server: a background job can call it as it is.
"""

import logging
import smtplib
import ssl
import threading
import time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import event
from sqlalchemy.orm import Session

from api.settings import get_settings
from norms.lang import DEFAULT_LANG, parse_lang
from submissions import notifications
from submissions.notifications import Mail
from web import i18n

log = logging.getLogger("normbook.mail")
ATTEMPTS = 4
FIRST_PAUSE_SECONDS = 2.0


def install() -> None:
    """Listen to every session's commits and rollbacks (once per process)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)


def _after_rollback(session: Session) -> None:
    notifications.take_outbox(session)


def _after_commit(session: Session) -> None:
    letters = notifications.take_outbox(session)
    settings = get_settings()
    if not letters or not settings.smtp_url:
        return
    mails = [
        notifications.compose(
            letter,
            i18n.translations(parse_lang(letter.lang) or DEFAULT_LANG).gettext,
            settings.base_url,
        )
        for letter in letters
    ]
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
