"""Cycles: a presidency's call for contributions."""

from typing import Annotated

from fastapi import APIRouter, Path

from api.deps import ActorDep, SessionDep
from submissions import cycles
from submissions.models import Cycle
from submissions.schemas import CycleCreate, CycleRead, CycleUpdate

router = APIRouter(prefix="/cycles", tags=["cycles"])
CodePath = Annotated[str, Path(max_length=40)]


@router.get("", response_model=list[CycleRead])
def list_(session: SessionDep) -> list[Cycle]:
    """Every cycle, newest first."""
    return cycles.list_cycles(session)


@router.get("/{code}", response_model=CycleRead)
def get(code: CodePath, session: SessionDep) -> Cycle:
    """One cycle."""
    return cycles.get(session, code)


@router.post("", response_model=CycleRead, status_code=201)
def create(data: CycleCreate, session: SessionDep, actor: ActorDep) -> Cycle:
    """Open a cycle (presidency)."""
    return cycles.create(session, actor, data)


@router.patch("/{code}", response_model=CycleRead)
def update(code: CodePath, data: CycleUpdate, session: SessionDep, actor: ActorDep) -> Cycle:
    """Edit a cycle's titles, dates or introduction (presidency)."""
    return cycles.update(session, actor, code, data)
