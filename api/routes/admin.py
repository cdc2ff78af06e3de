"""The presidency's administration: users and the audit log."""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from api import accounts
from api.deps import ActorDep, SessionDep
from submissions import audit
from submissions.access import require_presidency
from submissions.models import User
from submissions.schemas import Page

router = APIRouter(tags=["administration"])


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    email: str
    role: str
    participant_code: str | None
    is_active: bool
    created_at: datetime


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: Annotated[str, Field(max_length=320)]
    password: Annotated[str, Field(min_length=10, max_length=200)]
    role: Literal["presidency", "delegation"]
    participant: Annotated[str, Field(max_length=3)] | None = None


class UserActive(BaseModel):
    model_config = ConfigDict(extra="forbid")
    is_active: bool


class AuditRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    at: datetime
    actor_id: int | None
    actor_role: str | None
    participant_code: str | None
    action: str
    entity: str
    entity_id: str
    revision_id: int | None
    detail: dict[str, Any]


@router.get("/users", response_model=list[UserRead])
def list_users(session: SessionDep, actor: ActorDep) -> list[User]:
    """Every user (presidency)."""
    require_presidency(actor)
    return accounts.list_users(session)


@router.post("/users", response_model=UserRead, status_code=201)
def invite(data: UserCreate, session: SessionDep, actor: ActorDep) -> User:
    """Add a delegation or presidency user (presidency)."""
    return accounts.invite(session, actor, data.email, data.password, data.role, data.participant)


@router.patch("/users/{id}", response_model=UserRead)
def set_active(
    id: Annotated[int, Path(ge=1, le=2_147_483_647)],
    data: UserActive,
    session: SessionDep,
    actor: ActorDep,
) -> User:
    """Deactivate or reactivate a user; deactivation revokes their tokens (presidency)."""
    return accounts.set_active(session, actor, id, data.is_active)


@router.get("/audit", response_model=Page[AuditRead])
def audit_log(
    session: SessionDep,
    actor: ActorDep,
    entity: Annotated[str | None, Query(max_length=40)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Page[AuditRead]:
    """The append-only audit log, newest first (presidency)."""
    rows, total = audit.list_entries(session, actor, page, page_size, entity)
    return Page[AuditRead](
        items=[AuditRead.model_validate(r) for r in rows],
        total=total,
        page=page,
        page_size=page_size,
    )
