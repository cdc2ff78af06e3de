"""The signed session cookie: who is logged in (a revocable server-side token) and the CSRF token."""

import hmac
import secrets

from sqlmodel import Session
from starlette.requests import Request

from api import accounts
from submissions.models import User

COOKIE = "normbook_session"
TOKEN, CSRF, FLASH = "token", "csrf", "flash"


class CsrfRefused(Exception):
    """A state-changing form came without the token of this session."""


def csrf_token(request: Request) -> str:
    token = request.session.get(CSRF)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF] = token
    return str(token)


def check_csrf(request: Request, submitted: object) -> None:
    expected = request.session.get(CSRF)
    if not (
        isinstance(expected, str)
        and isinstance(submitted, str)
        and hmac.compare_digest(expected.encode(), submitted.encode())
    ):
        raise CsrfRefused


def current_user(request: Request, session: Session) -> User | None:
    token = request.session.get(TOKEN)
    if not token:
        return None
    user = accounts.user_for_token(session, str(token))
    if user is None:
        request.session.clear()
    return user


def log_in(request: Request, session: Session, user: User, lifetime_minutes: int) -> None:
    """Start a fresh session: a new server-side token and a new CSRF token, nothing carried over."""
    log_out(request, session)
    token, _ = accounts.issue_token(session, user, lifetime_minutes)
    request.session[TOKEN] = token
    request.session[CSRF] = secrets.token_urlsafe(32)


def log_out(request: Request, session: Session) -> None:
    token = request.session.get(TOKEN)
    if token:
        accounts.revoke_token(session, str(token))
    request.session.clear()


def flash(request: Request, message: str) -> None:
    """Keep a message (an untranslated msgid) for the next page."""
    request.session[FLASH] = [*request.session.get(FLASH, []), message][-5:]


def pop_flashes(request: Request) -> list[str]:
    if FLASH not in request.session:
        return []
    return [str(m) for m in request.session.pop(FLASH)]
