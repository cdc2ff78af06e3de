"""The presidency's edits to the catalogue."""

from sqlmodel import Session

from norms import catalogue
from norms.models import Norm
from norms.schemas import NormUpdate
from submissions import audit
from submissions.access import Actor, require_presidency


def update_norm(session: Session, actor: Actor, code: str, data: NormUpdate) -> Norm:
    require_presidency(actor)
    changes = data.model_dump(exclude_unset=True)
    norm = catalogue.update_norm(session, code, changes)
    audit.record(session, actor, "update", "norm", norm.code, detail={"fields": sorted(changes)})
    return norm
