"""What a list of syntheses shows of each: how many practices, norms and participants it covers."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from submissions.models import Attribution, Revision, Submission
from synthesis.models import Synthesis, SynthesisItem


@dataclass(frozen=True)
class Figures:
    """`participants` counts named participants only: counting the anonymised ones as well would
    tell readers whether an unattributed practice came from a participant named elsewhere."""

    practices: int
    norms: int
    participants: int
    unattributed: int


def figures(session: Session, syntheses: Sequence[Synthesis]) -> dict[int, Figures]:
    """Figures per synthesis id, read in one query from the frozen revisions."""
    ids = [s.id for s in syntheses if s.id is not None]
    rows: dict[int, list[tuple[str, list[str], bool]]] = {i: [] for i in ids}
    if ids:
        query = (
            select(
                SynthesisItem.synthesis_id,
                Submission.participant_code,
                Revision.norms,
                Revision.attribution,
            )
            .join(Revision, col(Revision.id) == SynthesisItem.revision_id)
            .join(Submission, col(Submission.id) == SynthesisItem.submission_id)
            .where(col(SynthesisItem.synthesis_id).in_(ids))
        )
        for synthesis_id, participant, norms, attribution in session.exec(query):
            rows[synthesis_id].append(
                (participant, list(norms), attribution == Attribution.anonymised)
            )
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
