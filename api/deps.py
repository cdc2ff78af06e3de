"""Annotated dependencies: the settings, one transaction per request, and who is acting."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlmodel import Session

from api import accounts
from api.db import Database, get_database
from api.settings import Settings, get_settings
from submissions.access import ANONYMOUS, Actor

SettingsDep = Annotated[Settings, Depends(get_settings)]

_READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def get_db(settings: SettingsDep) -> Database:
    return get_database(settings.database_url)


DatabaseDep = Annotated[Database, Depends(get_db)]


def get_session(request: Request, database: DatabaseDep) -> Iterator[Session]:
    """Commit when the route returns, before the response is sent; roll back on any error."""
    with database.session(write=request.method not in _READ_METHODS) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


SessionDep = Annotated[Session, Depends(get_session, scope="function")]

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
TokenDep = Annotated[str | None, Depends(oauth2)]


def get_actor(session: SessionDep, token: TokenDep) -> Actor:
    if token is None:
        return ANONYMOUS
    user = accounts.user_for_token(session, token)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "invalid, expired or revoked token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return accounts.actor_for(user)


ActorDep = Annotated[Actor, Depends(get_actor)]
