"""Users, passwords (argon2) and API tokens (stored as SHA-256 digests)."""

import hashlib
import re
import secrets
from datetime import timedelta
from functools import lru_cache

from pwdlib import PasswordHash
from sqlmodel import Session, col, select

from norms.errors import Conflict, Invalid, NotFound
from norms.models import Participant, utcnow
from submissions import audit
from submissions.access import Actor, require_presidency
from submissions.models import ApiToken, Role, User

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10


@lru_cache
def hasher() -> PasswordHash:
    return PasswordHash.recommended()


@lru_cache
def _dummy_hash() -> str:
    return hasher().hash(secrets.token_urlsafe(16))


def actor_for(user: User) -> Actor:
    return Actor(user_id=user.id, role=Role(user.role), participant=user.participant_code)


def create_user(
    session: Session,
    email: str,
    password: str,
    role: str,
    participant: str | None,
    password_hash: str | None = None,
) -> User:
    """A new user; `password_hash` lets a bulk loader hash one shared password once."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise Invalid("email", "not an e-mail address")
    if role not in Role.__members__:
        raise Invalid("role", "must be presidency or delegation")
    if len(password) < MIN_PASSWORD:
        raise Invalid("password", f"must have at least {MIN_PASSWORD} characters")
    participant = participant.upper() if participant else None
    if role == Role.delegation and not participant:
        raise Invalid("participant", "a delegation speaks for a participant")
    if participant and session.get(Participant, participant) is None:
        raise Invalid("participant", f"unknown participant {participant}")
    if session.exec(select(User).where(User.email == email)).first():
        raise Conflict(f"a user with e-mail {email} already exists")
    user = User(
        email=email,
        password_hash=password_hash or hasher().hash(password),
        role=role,
        participant_code=participant,
    )
    session.add(user)
    session.flush()
    return user


def invite(
    session: Session, actor: Actor, email: str, password: str, role: str, participant: str | None
) -> User:
    """The presidency adds a user; audited."""
    require_presidency(actor)
    user = create_user(session, email, password, role, participant)
    audit.record(
        session, actor, "create", "user", user.id, detail={"role": role, "participant": participant}
    )
    return user


def set_active(session: Session, actor: Actor, user_id: int, is_active: bool) -> User:
    require_presidency(actor)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    if not is_active and user_id == actor.user_id:
        raise Conflict("you cannot deactivate your own account")
    user.is_active = is_active
    session.add(user)
    if not is_active:
        for token in session.exec(
            select(ApiToken).where(ApiToken.user_id == user_id, col(ApiToken.revoked_at).is_(None))
        ):
            token.revoked_at = utcnow()
            session.add(token)
    audit.record(session, actor, "activate" if is_active else "deactivate", "user", user_id)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.email)).all())


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with these credentials; same work whether or not the e-mail exists."""
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        hasher().verify(password, _dummy_hash())
        return None
    if not hasher().verify(password, user.password_hash) or not user.is_active:
        return None
    return user


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, lifetime_minutes: int) -> tuple[str, ApiToken]:
    token = secrets.token_urlsafe(32)
    record = ApiToken(
        user_id=user.id or 0,
        token_hash=digest(token),
        expires_at=utcnow() + timedelta(minutes=lifetime_minutes),
    )
    session.add(record)
    session.flush()
    return token, record


def user_for_token(session: Session, token: str) -> User | None:
    record = session.exec(select(ApiToken).where(ApiToken.token_hash == digest(token))).first()
    if record is None or record.revoked_at is not None or record.expires_at <= utcnow():
        return None
    user = session.get(User, record.user_id)
    return user if user is not None and user.is_active else None


def revoke_token(session: Session, token: str) -> None:
    record = session.exec(select(ApiToken).where(ApiToken.token_hash == digest(token))).first()
    if record is not None and record.revoked_at is None:
        record.revoked_at = utcnow()
        session.add(record)
