"""API tokens: OAuth2 password flow, and revocation."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api import accounts
from api.deps import SessionDep, SettingsDep, TokenDep
from api.errors import responses
from api.settings import get_settings
from api.throttle import Throttle

router = APIRouter(prefix="/auth", tags=["auth"])


class TokenRead(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


def throttle() -> Throttle:
    settings = get_settings()
    return _throttle(settings.login_attempts, settings.login_window_seconds)


_throttles: dict[tuple[int, int], Throttle] = {}


def _throttle(attempts: int, window: int) -> Throttle:
    return _throttles.setdefault((attempts, window), Throttle(attempts, window))


def login_key(request: Request, username: str) -> str:
    host = request.client.host if request.client else "?"
    return f"{host}|{username.strip().lower()}"


@router.post("/token", response_model=TokenRead, responses=responses(429))
def issue(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
) -> TokenRead:
    """Exchange an e-mail (`username`) and password for a bearer token."""
    limiter, key = throttle(), login_key(request, form.username)
    wait = limiter.retry_after(key)
    if wait:
        raise HTTPException(
            429, "too many failed attempts; try again later", headers={"Retry-After": str(wait)}
        )
    user = accounts.authenticate(session, form.username, form.password)
    if user is None:
        limiter.fail(key)
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "wrong e-mail or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    limiter.clear(key)
    token, _ = accounts.issue_token(session, user, settings.token_lifetime_minutes)
    return TokenRead(access_token=token, expires_in=settings.token_lifetime_minutes * 60)


@router.delete("/token", status_code=204)
def revoke(session: SessionDep, token: TokenDep) -> None:
    """Revoke the token this request carries."""
    if token is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "no token", headers={"WWW-Authenticate": "Bearer"}
        )
    accounts.revoke_token(session, token)
