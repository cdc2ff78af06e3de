"""What a list of syntheses shows of each: how many practices, norms and participants it covers."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

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
    """Read in one query from the frozen revisions, tallied as the rows come (a list of every
    row took 20 MiB at 100,000 practices, at the end of a freeze)."""
    tallies = {s.id: _Tally() for s in syntheses if s.id is not None}
    if tallies:
        query = frozen(
            ITEMS.synthesis_id,
            SUBMISSIONS.participant_code,
            REVISIONS.norms,
            REVISIONS.attribution,
        ).where(ITEMS.synthesis_id.in_(list(tallies)))
        rows = session.connection().execute(query.execution_options(yield_per=5000))
        for synthesis_id, participant, norms, attribution in rows:
            tallies[synthesis_id].add(participant, norms, attribution == Attribution.anonymised)
    return {s.id: tallies[s.id].figures(s) for s in syntheses if s.id is not None}


@dataclass
class _Tally:
    practices: int = 0
    unattributed: int = 0
    served: set[str] = field(default_factory=set)
    named: set[str] = field(default_factory=set)

    def add(self, participant: str, norms: Sequence[str], is_hidden: bool) -> None:
        self.practices += 1
        self.served.update(norms)
        if is_hidden:
            self.unattributed += 1
        else:
            self.named.add(participant)

    def figures(self, synthesis: Synthesis) -> Figures:
        wanted = synthesis.options.get("norms")
        return Figures(
            practices=self.practices,
            norms=len(self.served if wanted is None else self.served.intersection(wanted)),
            participants=len(self.named),
            unattributed=self.unattributed,
        )
