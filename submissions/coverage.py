"""How many published practices each participant shared under each norm; anonymised work stays unattributed."""

from dataclasses import dataclass, field

from sqlalchemy import Label, case, func, select
from sqlmodel import Session, col

from submissions.access import public_clause
from submissions.models import Attribution, Revision, RevisionNorm, Submission

UNATTRIBUTED = ""


@dataclass(frozen=True)
class Coverage:
    """Counts of published practices; the participant key is UNATTRIBUTED for anonymised ones."""

    cells: dict[tuple[str, str], int] = field(default_factory=dict)
    by_participant: dict[str, int] = field(default_factory=dict)
    by_norm: dict[str, int] = field(default_factory=dict)
    total: int = 0

    @property
    def participants(self) -> list[str]:
        """Attributed contributors, most practices first, then by code."""
        named = [code for code in self.by_participant if code != UNATTRIBUTED]
        return sorted(named, key=lambda code: (-self.by_participant[code], code))

    @property
    def maximum(self) -> int:
        return max(self.cells.values(), default=0)


def _who() -> Label[str]:
    return case(
        (col(Revision.attribution) == Attribution.anonymised, UNATTRIBUTED),
        else_=Submission.participant_code,
    ).label("who")


def coverage(session: Session) -> Coverage:
    who = _who()
    published = col(Revision.id) == Submission.published_revision_id
    cells_query = (
        select(who, col(RevisionNorm.norm_code), func.count())
        .select_from(Submission)
        .join(Revision, published)
        .join(RevisionNorm, col(RevisionNorm.revision_id) == Revision.id)
        .where(public_clause())
        .group_by(who, RevisionNorm.norm_code)
    )
    cells = {(str(w), str(n)): int(c) for w, n, c in session.execute(cells_query).all()}
    totals_query = (
        select(who, func.count())
        .select_from(Submission)
        .join(Revision, published)
        .where(public_clause())
        .group_by(who)
    )
    by_participant = {str(w): int(c) for w, c in session.execute(totals_query).all()}
    by_norm: dict[str, int] = {}
    for (_, norm), count in cells.items():
        by_norm[norm] = by_norm.get(norm, 0) + count
    return Coverage(cells, by_participant, by_norm, sum(by_participant.values()))
