"""Who is told what when a practice is submitted, returned or published: the in-app list, and the
e-mails to send once the transaction has committed (kept in `session.info` until then)."""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from submissions.access import Actor
from submissions.models import Notification, Revision, Role, Submission, User

OUTBOX = "normbook.outbox"
Gettext = Callable[[str], str]


def N_(message: str) -> str:
    """Mark a message for extraction (web/babel.cfg reads this file)."""
    return message


SUBJECTS = {
    "submitted": N_("New practice to review: {title}"),
    "returned": N_("Your practice was returned with a comment: {title}"),
    "published": N_("Your practice is published: {title}"),
}
OPENINGS = {
    "submitted": N_("A delegation has submitted a practice for review."),
    "returned": N_("The presidency has returned your practice with this comment:"),
    "published": N_("The presidency has published your practice. It is now public."),
}
PAGES = {
    "submitted": "/review/{id}",
    "returned": "/workspace/practices/{id}/edit",
    "published": "/practices/{id}",
}
LINK = N_("Open it: {url}")
FOOTER = N_("You receive this message because you have an account on Normbook.")


@dataclass(frozen=True)
class Letter:
    """One e-mail to write, in its recipient's language, once the change is committed."""

    to: str
    lang: str
    event: str
    submission_id: int
    title: str
    comment: str | None = None


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    lang: str


def notify(
    session: Session, actor: Actor, submission: Submission, event: str, comment: str | None = None
) -> None:
    """Record the event for each recipient and queue their e-mail for after the commit."""
    revision = session.get(Revision, submission.current_revision_id)
    title = revision.title if revision is not None else ""
    letters = []
    for user in recipients(session, actor, submission, event):
        assert user.id is not None and submission.id is not None
        session.add(
            Notification(
                user_id=user.id,
                event=event,
                submission_id=submission.id,
                title=title,
                comment=comment,
            )
        )
        letters.append(Letter(user.email, user.lang, event, submission.id, title, comment))
    session.info.setdefault(OUTBOX, []).extend(letters)


def recipients(session: Session, actor: Actor, submission: Submission, event: str) -> list[User]:
    """The presidency for a submission; the practice's delegation for a return or a publication;
    never the person who acted."""
    query = select(User).where(col(User.is_active).is_(True))
    if event == "submitted":
        query = query.where(User.role == Role.presidency)
    else:
        query = query.where(
            User.role == Role.delegation, User.participant_code == submission.participant_code
        )
    users = session.exec(query.order_by(col(User.id))).all()
    return [user for user in users if user.id != actor.user_id]


def take_outbox(session: OrmSession) -> list[Letter]:
    """The letters of the transaction that just ended, removed from the session."""
    letters: list[Letter] = session.info.pop(OUTBOX, [])
    return letters


def compose(letter: Letter, gettext: Gettext, base_url: str) -> Mail:
    """The e-mail text, in the language whose gettext is given."""
    url = base_url.rstrip("/") + PAGES[letter.event].format(id=letter.submission_id)
    lines = [gettext(OPENINGS[letter.event]), "", letter.title, ""]
    if letter.comment:
        lines += [letter.comment, ""]
    lines += [gettext(LINK).format(url=url), "", "-- ", gettext(FOOTER)]
    subject = gettext(SUBJECTS[letter.event]).format(title=letter.title)
    return Mail(letter.to, subject, "\n".join(lines), letter.lang)
