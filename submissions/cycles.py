"""Cycles: one presidency, one call for contributions, one synthesis."""

from sqlmodel import Session, col, select

from norms.errors import Conflict, Invalid, NotFound
from norms.models import Participant
from submissions import audit
from submissions.access import Actor, require_presidency
from submissions.models import Cycle
from submissions.schemas import CycleCreate, CycleUpdate


def list_cycles(session: Session) -> list[Cycle]:
    return list(session.exec(select(Cycle).order_by(col(Cycle.opens_on).desc())).all())


def get(session: Session, code: str) -> Cycle:
    cycle = session.exec(select(Cycle).where(Cycle.code == code)).first()
    if cycle is None:
        raise NotFound(f"no cycle {code}")
    return cycle


def create(session: Session, actor: Actor, data: CycleCreate) -> Cycle:
    require_presidency(actor)
    if session.exec(select(Cycle).where(Cycle.code == data.code)).first():
        raise Conflict(f"cycle {data.code} already exists")
    presiding = data.presiding.upper()
    if session.get(Participant, presiding) is None:
        raise Invalid("presiding", f"unknown participant {presiding}")
    cycle = Cycle(**data.model_dump(exclude={"presiding"}), presiding_code=presiding)
    _check_dates(cycle)
    session.add(cycle)
    session.flush()
    audit.record(session, actor, "create", "cycle", cycle.code)
    return cycle


def update(session: Session, actor: Actor, code: str, data: CycleUpdate) -> Cycle:
    require_presidency(actor)
    cycle = get(session, code)
    changes = data.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise Invalid(name, "may not be null")
        setattr(cycle, name, value)
    _check_dates(cycle)
    session.add(cycle)
    audit.record(session, actor, "update", "cycle", cycle.code, detail={"fields": sorted(changes)})
    return cycle


def _check_dates(cycle: Cycle) -> None:
    if cycle.closes_on < cycle.opens_on:
        raise Invalid("closes_on", "must not be before opens_on")
