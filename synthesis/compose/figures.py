"""What a list of syntheses shows of each: how many practices, norms and participants it covers."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from sqlmodel import Session

from submissions.models import Attribution
from synthesis.models import ITEMS, REVISIONS, SUBMISSIONS, Synthesis, frozen


@dataclass(frozen=True)
class Figures:
    """`participants` counts named participants only: counting the anonymised ones as well would
    tell readers whether an unattributed practice came from a participant named elsewhere."""

    practices: int
    norms: int
    participants: int
    unattributed: int


def figures(session: Session, syntheses: Sequence[Synthesis]) -> dict[int, Figures]:
    """Figures per synthesis id: those kept with each synthesis when it was made, or counted from
    the frozen revisions of any made without them."""
    kept = {s.id: Figures(**s.figures) for s in syntheses if s.id is not None and s.figures}
    return kept | _counted(session, [s for s in syntheses if s.id is not None and s.id not in kept])


def counted(session: Session, synthesis: Synthesis) -> dict[str, int]:
    """A new synthesis's figures, to be kept with it."""
    return asdict(_counted(session, [synthesis])[synthesis.id or 0])


def _counted(session: Session, syntheses: Sequence[Synthesis]) -> dict[int, Figures]:
    """Read in one query from the frozen revisions."""
    ids = [s.id for s in syntheses if s.id is not None]
    rows: dict[int, list[tuple[str, list[str], bool]]] = {i: [] for i in ids}
    if ids:
        query = frozen(
            ITEMS.synthesis_id,
            SUBMISSIONS.participant_code,
            REVISIONS.norms,
            REVISIONS.attribution,
        ).where(ITEMS.synthesis_id.in_(ids))
        for synthesis_id, participant, norms, attribution in session.connection().execute(query):
            rows[synthesis_id].append((participant, norms, attribution == Attribution.anonymised))
    return {s.id: _count(s, rows[s.id]) for s in syntheses if s.id is not None}


def _count(synthesis: Synthesis, rows: list[tuple[str, list[str], bool]]) -> Figures:
    wanted = synthesis.options.get("norms")
    served = {code for _, norms, _ in rows for code in norms}
    return Figures(
        practices=len(rows),
        norms=len(served if wanted is None else served.intersection(wanted)),
        participants=len({code for code, _, hidden in rows if not hidden}),
        unattributed=sum(hidden for _, _, hidden in rows),
    )
