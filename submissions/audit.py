"""The append-only audit log: who did what, when, to which revision."""

from typing import Any

from sqlmodel import Session, col, func, select

from submissions.access import Actor, require_presidency
from submissions.models import AuditEntry


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object,
    revision_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        actor_id=actor.user_id,
        actor_role=actor.role,
        participant_code=actor.participant,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        revision_id=revision_id,
        detail=detail or {},
    )
    session.add(entry)
    return entry


def list_entries(
    session: Session, actor: Actor, page: int, page_size: int, entity: str | None = None
) -> tuple[list[AuditEntry], int]:
    require_presidency(actor)
    query = select(AuditEntry)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(AuditEntry.id).desc()).offset((page - 1) * page_size).limit(page_size)
    ).all()
    return list(rows), total
