"""Liveness and readiness probes."""

from fastapi import APIRouter, Response
from sqlalchemy import text

from api.deps import DatabaseDep
from api.errors import responses

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", responses=responses(503))
def readyz(database: DatabaseDep, response: Response) -> dict[str, str]:
    """The database answers."""
    try:
        with database.reader.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure of the database means "not ready", never a 500
        response.status_code = 503
        return {"status": "unavailable"}
    return {"status": "ok"}
