"""Annotated dependencies: the settings, one transaction per request, and who is acting.

Everything that touches the database is a plain `def`, run in FastAPI's thread pool, so the event
loop never waits on the database; a request first takes one of the database's places
(`api.admission`) on the event loop, so threads never wait on the connection pool.
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlmodel import Session

from api import accounts
from api.admission import Places
from api.db import Database, Pool, get_database
from api.settings import Settings, get_settings
from api.version_reads import version_reads
from submissions.access import ANONYMOUS, Actor
from submissions.public_version import Version


async def current_settings() -> Settings:
    """`get_settings` as a dependency (tests override this one); it does no I/O."""
    return get_settings()


SettingsDep = Annotated[Settings, Depends(current_settings)]

_READ_METHODS = {"GET", "HEAD", "OPTIONS"}


# SQLite's reads run in this process: beyond a few requests at once they only wait for the
# interpreter, and the answers of the others come later and less evenly (bench/README.md).
SQLITE_POOL = (4, 4)
SERVER_POOL = (10, 10)


def pool_of(settings: Settings) -> Pool:
    size, overflow = SQLITE_POOL if settings.database_url.startswith("sqlite") else SERVER_POOL
    return Pool(
        size if settings.db_pool_size is None else settings.db_pool_size,
        overflow if settings.db_max_overflow is None else settings.db_max_overflow,
        settings.db_wait_seconds,
    )


async def get_db(settings: SettingsDep) -> Database:
    return get_database(settings.database_url, pool_of(settings))


DatabaseDep = Annotated[Database, Depends(get_db)]


async def database_place(request: Request) -> AsyncIterator[None]:
    """One of the database's places for this request, released once its session is closed."""
    places: Places | None = getattr(request.app.state, "places", None)
    if places is None:  # an app built without `create_app`
        yield
        return
    async with places.taken():
        yield


def get_session(
    request: Request,
    database: DatabaseDep,
    _place: Annotated[None, Depends(database_place, scope="function")],
) -> Iterator[Session]:
    """Commit when the route returns, before the response is sent; roll back on any error."""
    write = request.method not in _READ_METHODS
    with database.session(write=write) as session:
        try:
            if write:
                session.connection()  # on SQLite, the write lock up front
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


async def public_version_reader(database: DatabaseDep) -> Callable[[], Awaitable[Version]]:
    """How a request reads the public-data version when it may need nothing else from the
    database (a page kept whole): one statement outside the request's session, shared with the
    requests that ask meanwhile (`api.version_reads`). Read only if the caller needs it (not for
    members). Tests whose session holds uncommitted data read it in that session instead."""
    return version_reads(database.reader).current


VersionReaderDep = Annotated[Callable[[], Awaitable[Version]], Depends(public_version_reader)]

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
TokenDep = Annotated[str | None, Depends(oauth2)]


def get_actor(request: Request, session: SessionDep, token: TokenDep) -> Actor:
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
