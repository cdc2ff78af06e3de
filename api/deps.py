"""Annotated dependencies: the settings, one transaction per request, and who is acting.

The database dependencies are `async def` although they do not await: FastAPI runs a plain `def`
dependency in its thread pool, and on a busy server the hops between threads cost more than these
short calls. Closing the session on the event loop also means it cannot wait for a free thread
while holding a pooled connection (a full pool and a full thread pool waiting on each other).
"""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.security import OAuth2PasswordBearer
from sqlmodel import Session

from api import accounts
from api.db import Database, get_database
from api.settings import Settings, get_settings
from submissions.access import ANONYMOUS, Actor


async def current_settings() -> Settings:
    """`get_settings` as a dependency (tests override this one): a plain `def` dependency would
    cost a hop to the thread pool on every request."""
    return get_settings()


SettingsDep = Annotated[Settings, Depends(current_settings)]

_READ_METHODS = {"GET", "HEAD", "OPTIONS"}


async def get_db(settings: SettingsDep) -> Database:
    return get_database(settings.database_url)


DatabaseDep = Annotated[Database, Depends(get_db)]


async def get_session(request: Request, database: DatabaseDep) -> AsyncIterator[Session]:
    """Commit when the route returns, before the response is sent; roll back on any error."""
    write = request.method not in _READ_METHODS
    with database.session(write=write) as session:
        try:
            if write:
                # Take the connection, and on SQLite the write lock, off the event loop: the request
                # holding the lock needs the loop to finish, so waiting for it there would deadlock.
                await run_in_threadpool(session.connection)
            yield session
            if write:  # may wait for SQLite's write lock: not on the event loop
                await run_in_threadpool(session.commit)
            else:
                session.commit()
        except BaseException:
            session.rollback()
            raise


SessionDep = Annotated[Session, Depends(get_session, scope="function")]

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
TokenDep = Annotated[str | None, Depends(oauth2)]


async def get_actor(request: Request, session: SessionDep, token: TokenDep) -> Actor:
    """Who is acting. A write needs a token: without one, 401 before the body is validated, as
    OAuth2 bearer clients expect."""
    if token is None:
        if request.method not in _READ_METHODS:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "this request needs a bearer token",
                headers={"WWW-Authenticate": "Bearer"},
            )
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
