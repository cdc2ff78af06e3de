"""Everything a synthesis document is built from: loaded once, but for the points and the
grouping, which a document loads a chapter at a time so that it never holds them all."""

from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property, partial
from typing import Any, Protocol

from sqlmodel import Session

from synthesis.consolidate import grouping, merging
from synthesis.consolidate.merging import Point
from synthesis.freeze import snapshot
from synthesis.freeze.practice import Practice, key_owner
from synthesis.models import Synthesis


class PointLoader(Protocol):
    """`snapshot.points_by_key` for one synthesis: some practices' points by key."""

    def __call__(
        self, ids: Sequence[int], form: str | None = None, keys: Container[str] | None = None, /
    ) -> dict[str, Point]: ...


@dataclass(frozen=True)
class Source:
    """`practices` come without their points: `points` loads those of the practices named, by key;
    `groups` loads one norm's grouping, and `sizes` says how many groups each (norm, section)
    has."""

    title: str
    is_published: bool
    published_on: date | None
    as_of: datetime
    options: dict[str, Any]
    texts: dict[str, Any]
    catalogue: dict[str, Any]
    edits: list[dict[str, Any]]
    sizes: dict[tuple[str, str], int]
    groups: grouping.Stored
    practices: Sequence[Practice]
    names: dict[str, dict[str, str]]
    points: PointLoader
    themes: dict[str, dict[str, str]]
    titles: dict[str, str]  # the synthesis's title per language
    machine: dict[str, int]  # per report language, the drafted texts its practices carry
    # Per norm, each stored group's most central point, per section (Group.central_key).
    centrals: Callable[[str], dict[str, list[str]]] = lambda code: {}
    # Per norm, the keys of the points set apart, per section (Group.apart).
    apart: Callable[[str], dict[str, frozenset[str]]] = lambda code: {}
    sets_apart: bool = False  # made since points are set apart (`grouping.sets_apart`)

    def drawn(self, code: str) -> list[int]:
        """The submission ids of the practices a norm's chapter draws on."""
        return [p.submission_id for p in self.of_norm(code)]

    def of_norm(self, code: str) -> list[Practice]:
        """The practices a norm's chapter draws on, in order."""
        return self._by_norm.get(code, [])

    @cached_property
    def _by_norm(self) -> dict[str, list[Practice]]:
        """Each norm's practices: a report asks for them four times a chapter."""
        found: dict[str, list[Practice]] = {}
        for practice in self.practices:
            for code in dict.fromkeys(practice.norms):
                found.setdefault(code, []).append(practice)
        return found

    def sections(self, code: str, form: str | None = None) -> dict[str, list[merging.Group]]:
        """A norm's sections as the report shows them, from its own practices' points alone
        (with a `form`, only that text of each point)."""
        stored = self.groups(code)
        if grouping.touches(self.edits, code):
            by_key = self.points(self.drawn(code), form)
        else:  # the points its groups hold alone: a practice's others are printed elsewhere
            keys = {key for groups in stored.values() for group in groups for key in group}
            by_key = self.points(sorted({key_owner(key) for key in keys}), form, keys)
        return grouping.norm_sections(
            stored, by_key, self.edits, code, self.who, self.centrals(code), self.apart(code)
        )

    @cached_property
    def who(self) -> grouping.Contributor:
        return grouping.contributors(self.practices)

    @cached_property
    def position(self) -> dict[int, int]:
        """Each practice's place in `practices`, by submission id."""
        return {p.submission_id: n for n, p in enumerate(self.practices)}

    def placed(self, code: str) -> dict[str, list[merging.Group]]:
        """A norm's sections as the report shows them, on the points' keys alone (no text)."""
        stored, central, apart = self.groups(code), self.centrals(code), self.apart(code)
        return {
            name: grouping.replay_keys(
                stored.get(name, []),
                self.edits,
                code,
                name,
                self.who,
                central.get(name, ()),
                apart.get(name, grouping.NONE),
            )
            for name in merging.SECTIONS
        }

    def page_of(
        self, code: str, section: str, first: int, count: int
    ) -> tuple[list[merging.Group], int]:
        """`count` groups of one section from the `first`, with the points of their practices
        alone, and how many groups the section has: the grouping is replayed on keys."""
        central = self.centrals(code).get(section, ())
        apart = self.apart(code).get(section, grouping.NONE)
        groups = grouping.replay_keys(
            self.groups(code).get(section, []), self.edits, code, section, self.who, central, apart
        )
        shown = groups[first : first + count]
        owners = sorted({point.submission_id for g in shown for point in g.points})
        by_key = self.points(owners, None)
        return [replace(g, points=[by_key[p.key] for p in g.points]) for g in shown], len(groups)

    def shown(self, code: str) -> dict[str, int]:
        """How many groups each section of a norm's chapter shows: as stored, unless edits
        change that count."""
        if not grouping.touches(self.edits, code):
            return {name: self.sizes.get((code, name), 0) for name in merging.SECTIONS}
        return {name: len(groups) for name, groups in self.placed(code).items()}


def load(session: Session, synthesis: Synthesis) -> Source:
    groups: grouping.Stored
    if synthesis.has_grouping:
        groups = partial(grouping.stored, session, synthesis.id or 0)
        sizes = grouping.sizes(session, synthesis.id or 0)
    else:  # made before groupings were kept: consolidate every point now
        codes = [n["code"] for n in synthesis.catalogue["norms"]]
        every = snapshot.practices(session, synthesis)
        groups = grouping.computed(every, codes, snapshot.profiles(session, codes))
        sizes = {(code, name): len(keys) for code in codes for name, keys in groups(code).items()}
    return Source(
        title=synthesis.title,
        is_published=snapshot.is_published(synthesis),
        published_on=synthesis.published_at.date() if synthesis.published_at else None,
        as_of=datetime.fromisoformat(synthesis.options["as_of"]),
        options=synthesis.options,
        texts=synthesis.texts,
        catalogue=synthesis.catalogue,
        edits=synthesis.edits,
        sizes=sizes,
        groups=groups,
        practices=snapshot.practices(session, synthesis, with_points=False),
        names=snapshot.participant_names(session),
        points=partial(snapshot.points_by_key, session, synthesis.id or 0),
        themes=snapshot.theme_names(session),
        centrals=partial(grouping.centrals, session, synthesis.id or 0),
        apart=partial(grouping.apart, session, synthesis.id or 0),
        sets_apart=grouping.sets_apart(session, synthesis.id or 0),
        titles={"en": synthesis.title, "fr": synthesis.title_fr or synthesis.title},
        machine=snapshot.machine_drafts(session, synthesis.id or 0),
    )
