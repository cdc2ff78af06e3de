"""Participants side by side: for each norm, the attributed published practices of each one."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session, col

from norms.codes import CODES
from norms.errors import Invalid
from submissions.access import (
    ANONYMOUS,
    participant_filter_clause,
    shown_revision_clause,
    visible_to,
)
from submissions.models import Revision, Submission

MOST = 4


@dataclass(frozen=True)
class Compared:
    """One practice in a comparison cell."""

    id: int
    title: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    participants: tuple[str, ...]
    cells: dict[tuple[str, str], list[Compared]] = field(default_factory=dict)  # (norm, code)

    def themes(self, norm: str, code: str) -> list[str]:
        """The themes of a cell's practices, most frequent first."""
        counted: dict[str, int] = {}
        for practice in self.cells.get((norm, code), []):
            for theme in practice.themes:
                counted[theme] = counted.get(theme, 0) + 1
        return sorted(counted, key=lambda theme: (-counted[theme], theme))


def codes(value: str, known: set[str]) -> tuple[str, ...]:
    """`FRA,deu, JPN` as distinct known codes, in order; 2 to 4 of them."""
    wanted: list[str] = []
    for part in value.split(","):
        code = part.strip().upper()
        if code and code not in wanted:
            wanted.append(code)
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise Invalid("participants", f"unknown participant {unknown[0]!r}", "query")
    if not 2 <= len(wanted) <= MOST:
        raise Invalid("participants", f"give 2 to {MOST} participants", "query")
    return tuple(wanted)


def compare(session: Session, participants: tuple[str, ...]) -> Comparison:
    """What the public may read of each participant's work; anonymised work is never attributed."""
    cells: dict[tuple[str, str], list[Compared]] = {}
    for code in participants:
        rows = session.execute(
            select(
                col(Submission.id), col(Revision.title), col(Revision.norms), col(Revision.themes)
            )
            .join(Revision, shown_revision_clause(ANONYMOUS))
            .where(visible_to(ANONYMOUS), participant_filter_clause(ANONYMOUS, code))
            .order_by(col(Submission.published_at).desc(), col(Submission.id).desc())
        ).all()
        for id_, title, norms, themes in rows:
            for norm in norms:
                cells.setdefault((norm, code), []).append(Compared(id_, title, tuple(themes)))
    ordered = {key: cells[key] for key in sorted(cells, key=lambda k: (CODES.index(k[0]), k[1]))}
    return Comparison(participants, ordered)
