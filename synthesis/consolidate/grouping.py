"""A synthesis's consolidated points per norm and section, with the presidency's edits replayed."""

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, col, select

from norms.errors import Invalid, NotFound
from submissions import audit
from submissions.access import Actor, require_presidency
from synthesis.consolidate import merging
from synthesis.consolidate.merging import Group, Point
from synthesis.freeze import snapshot
from synthesis.freeze.practice import Practice, key_owner
from synthesis.models import Synthesis, SynthesisGrouping
from synthesis.schemas import GroupingEdit

Sections = dict[tuple[str, str], list[Group]]
Keys = list[list[str]]
Contributor = Callable[[int], object]
"""Who contributed a practice (its participant), by submission id: groups are ordered by how many
distinct contributors they have."""
STRUCTURAL = ("merge", "split", "move")
NONE: frozenset[str] = frozenset()
Stored = Callable[[str], dict[str, Keys]]
"""One norm's groups of point keys per section, as consolidated when the synthesis was made."""


def stored(session: Session, synthesis_id: int, norm: str) -> dict[str, Keys]:
    query = select(SynthesisGrouping.section, SynthesisGrouping.groups).where(
        SynthesisGrouping.synthesis_id == synthesis_id, SynthesisGrouping.norm == norm
    )
    return {section: list(groups) for section, groups in session.exec(query)}


def centrals(session: Session, synthesis_id: int, norm: str) -> dict[str, list[str]]:
    """One norm's most central point of each stored group, per section (parallel to `stored`;
    empty for syntheses made before they were kept)."""
    query = select(SynthesisGrouping.section, SynthesisGrouping.central).where(
        SynthesisGrouping.synthesis_id == synthesis_id, SynthesisGrouping.norm == norm
    )
    return {section: list(found) for section, found in session.exec(query) if found}


def apart(session: Session, synthesis_id: int, norm: str) -> dict[str, frozenset[str]]:
    """One norm's keys of the points set apart, per section (`merging.set_apart`; none for
    syntheses made before they were kept)."""
    query = select(SynthesisGrouping.section, SynthesisGrouping.apart).where(
        SynthesisGrouping.synthesis_id == synthesis_id, SynthesisGrouping.norm == norm
    )
    return {section: frozenset(keys) for section, keys in session.exec(query) if keys}


def sets_apart(session: Session, synthesis_id: int) -> bool:
    """Whether the synthesis was made since points are set apart: its rows keep a list, if
    empty, where those made before keep none."""
    query = select(SynthesisGrouping.norm).where(
        SynthesisGrouping.synthesis_id == synthesis_id,
        col(SynthesisGrouping.apart).is_not(None),
    )
    return session.exec(query.limit(1)).first() is not None


def sizes(session: Session, synthesis_id: int) -> dict[tuple[str, str], int]:
    """How many groups each stored (norm, section) has, without reading them."""
    query = select(SynthesisGrouping.norm, SynthesisGrouping.section, SynthesisGrouping.size).where(
        SynthesisGrouping.synthesis_id == synthesis_id
    )
    return {(norm, section): size for norm, section, size in session.exec(query)}


def computed(
    practices: Sequence[Practice], norms: Sequence[str], profiles: Sequence[str] = ()
) -> Stored:
    """For a synthesis made before groupings were kept: every point consolidated now."""
    from synthesis.freeze.revisions import grouped  # it stores groupings: imported when needed

    found = grouped(practices, norms, profiles)
    return lambda norm: {
        section: found[f"{norm}/{section}"]
        for section in merging.SECTIONS
        if f"{norm}/{section}" in found
    }


def kept(
    session: Session, synthesis: Synthesis, practices: Sequence[Practice], norms: Sequence[str]
) -> Stored:
    """The synthesis's stored grouping, or for an older one the practices' (with their points)
    consolidated now for the norms named."""
    if synthesis.has_grouping:
        return partial(stored, session, synthesis.id or 0)
    return computed(practices, norms, snapshot.profiles(session, norms))


def sections(
    practices: Sequence[Practice],
    norms: Sequence[str],
    edits: Sequence[dict[str, Any]],
    found: Stored,
) -> Sections:
    """Every (norm, section) of the given norms as consolidated when the synthesis was made,
    edits applied where they still fit."""
    by_key = keyed(p.points for p in practices)
    who = contributors(practices)
    result = {}
    for norm in norms:
        keys = found(norm)
        for section in merging.SECTIONS:
            result[(norm, section)] = replay(
                keys.get(section, []), by_key, edits, norm, section, who
            )
    return result


def contributors(practices: Sequence[Practice]) -> Contributor:
    """Each practice's participant by submission id, found by bisection in the practices (in
    submission order, as a snapshot loads them): no dict of a large snapshot's practices."""
    # A list of the ids: bisecting the practices with a key called Python for each step.
    ids = [p.submission_id for p in practices]

    def contributor(submission_id: int) -> object:
        at = bisect_left(ids, submission_id)
        if at < len(practices) and practices[at].submission_id == submission_id:
            return practices[at].participant
        return submission_id

    return contributor


def keyed(points: Iterable[Mapping[str, Sequence[Point]]]) -> dict[str, Point]:
    """Points by key, from each practice's points by section."""
    return {point.key: point for sections in points for pts in sections.values() for point in pts}


def norm_sections(
    keys: Mapping[str, Keys],
    by_key: Mapping[str, Point],
    edits: Sequence[dict[str, Any]],
    norm: str,
    who: Contributor | None = None,
    central: Mapping[str, Sequence[str]] | None = None,
    apart: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, list[Group]]:
    """Both sections of one norm: its stored groups of keys as groups of points, with its edits
    (and, when given, each stored group's most central point and the points set apart)."""
    central, apart = central or {}, apart or {}
    return {
        s: replay(
            keys.get(s, []), by_key, edits, norm, s, who, central.get(s, ()), apart.get(s, NONE)
        )
        for s in merging.SECTIONS
    }


def of_norm(session: Session, synthesis: Synthesis, norm: str) -> dict[str, list[Group]]:
    """One norm's sections as a report shows them, from the points of that norm's practices
    alone (a report loads them a chapter at a time too)."""
    if not synthesis.has_grouping:
        practices = snapshot.practices(session, synthesis)
        codes = [n["code"] for n in synthesis.catalogue["norms"]]
        every = computed(practices, codes, snapshot.profiles(session, codes))
        found = sections(practices, [norm], synthesis.edits, every)
        return {s: groups for (_, s), groups in found.items()}
    practices = snapshot.practices(session, synthesis, with_points=False)
    drawn = [p.submission_id for p in practices if norm in p.norms]
    by_key = snapshot.points_by_key(session, synthesis.id or 0, drawn)
    return _stored_sections(session, synthesis, norm, by_key, contributors(practices))


def _stored_sections(
    session: Session,
    synthesis: Synthesis,
    norm: str,
    by_key: Mapping[str, Point],
    who: Contributor,
) -> dict[str, list[Group]]:
    """`norm_sections` on the norm's stored grouping, its central points and points set apart."""
    synthesis_id = synthesis.id or 0
    keys, central = stored(session, synthesis_id, norm), centrals(session, synthesis_id, norm)
    far = apart(session, synthesis_id, norm)
    return norm_sections(keys, by_key, synthesis.edits, norm, who, central, far)


def replay(
    keys: Sequence[Sequence[str]],
    by_key: Mapping[str, Point],
    edits: Sequence[dict[str, Any]],
    norm: str,
    section: str,
    who: Contributor | None = None,
    central: Sequence[str] = (),
    apart: frozenset[str] = frozenset(),
) -> list[Group]:
    """One section's stored groups of point keys as groups of points, with its edits: merges,
    splits and moves in the order they were made, then (if any changed the groups) the groups
    ordered again by support, then the presidency's own order (reorder) on top. `central` names
    each stored group's most central point, when it was kept; `apart` the section's points set
    apart (one set the groups share: each reads its own points' keys in it)."""
    groups = [Group([by_key[key] for key in group], apart=apart) for group in keys]
    for found, key in zip(groups, central, strict=False):
        found.central = key
    changed = False
    for edit in edits:
        if edit["section"] != section or edit["op"] == "reorder":
            continue
        if edit["norm"] == norm:
            try:
                groups = merging.apply_edits(groups, [edit])
            except Invalid:
                continue  # an edit made moot by an earlier one being removed
            changed = changed or edit["op"] in STRUCTURAL
        elif edit["op"] == "move" and edit.get("to") == norm:
            key = edit["points"][0]
            if key in by_key and not any(p.key == key for g in groups for p in g.points):
                groups.append(Group([by_key[key]], central=key))
                changed = True
    if changed:
        groups = _by_support(groups, keys, who)
    for edit in edits:
        if edit["op"] == "reorder" and edit["norm"] == norm and edit["section"] == section:
            try:
                groups = merging.apply_edits(groups, [edit])
            except Invalid:
                continue
    return groups


def _by_support(
    groups: list[Group], keys: Sequence[Sequence[str]], who: Contributor | None
) -> list[Group]:
    """Most contributors first; then as stored (which is by text), points moved in last."""
    stored_at = {key: n for n, group in enumerate(keys) for key in group}
    contributor = who or (lambda submission_id: submission_id)

    def order(group: Group) -> tuple[int, int]:
        support = len({contributor(point.submission_id) for point in group.points})
        return -support, min(stored_at.get(point.key, len(stored_at)) for point in group.points)

    return sorted(groups, key=order)


def moved_in(edits: Sequence[dict[str, Any]], norm: str, section: str) -> list[str]:
    """The keys of the points moved into a norm's section."""
    return [
        edit["points"][0]
        for edit in edits
        if edit["op"] == "move" and edit.get("to") == norm and edit["section"] == section
    ]


def touches(edits: Sequence[dict[str, Any]], norm: str) -> bool:
    """Whether any edit changes a norm's chapter (made in it, or moving a point into it)."""
    return any(edit["norm"] == norm or edit.get("to") == norm for edit in edits)


def count(
    keys: Sequence[Sequence[str]],
    edits: Sequence[dict[str, Any]],
    norm: str,
    section: str,
    who: Contributor | None = None,
) -> int:
    """How many points one section shows, without its points' texts."""
    if not touches(edits, norm):
        return len(keys)
    return len(replay_keys(keys, edits, norm, section, who))


def replay_keys(
    keys: Sequence[Sequence[str]],
    edits: Sequence[dict[str, Any]],
    norm: str,
    section: str,
    who: Contributor | None = None,
    central: Sequence[str] = (),
    apart: frozenset[str] = frozenset(),
) -> list[Group]:
    """`replay` on the points' keys alone: each point of the groups has its key, its practice
    and no text."""
    every = [key for group in keys for key in group] + moved_in(edits, norm, section)
    blanks = {key: Point(key, key_owner(key), "", "", "") for key in every}
    return replay(keys, blanks, edits, norm, section, who, central, apart)


def current(session: Session, actor: Actor, synthesis_id: int, norm: str | None = None) -> Sections:
    """The grouping as a report would show it now, for one norm or all (presidency)."""
    require_presidency(actor)
    synthesis = snapshot.get(session, actor, synthesis_id)
    if norm is not None:
        return {(norm, s): groups for s, groups in of_norm(session, synthesis, norm).items()}
    practices = snapshot.practices(session, synthesis)
    norms = [n["code"] for n in synthesis.catalogue["norms"]]
    served = {code for p in practices for code in p.norms}
    codes = [code for code in norms if code in served]
    if synthesis.has_grouping:  # with each group's central point and the points set apart
        by_key, who = keyed(p.points for p in practices), contributors(practices)
        found: Sections = {}
        for code in codes:
            parts = _stored_sections(session, synthesis, code, by_key, who)
            found |= {(code, section): groups for section, groups in parts.items()}
        return found
    return sections(practices, codes, synthesis.edits, kept(session, synthesis, practices, codes))


def add_edit(session: Session, actor: Actor, synthesis_id: int, edit: GroupingEdit) -> list[Group]:
    """Check the edit against the current grouping, keep it, and return the section it changed."""
    synthesis = snapshot.editable(session, actor, synthesis_id)
    if edit.op == "reword" and (edit.lang is None or edit.text is None):
        raise Invalid("text", "a rewording needs lang and text")
    if edit.op == "move":
        _check_move(session, synthesis, edit)
    record = edit.model_dump(mode="json", exclude_none=True)
    groups = of_norm(session, synthesis, edit.norm)[edit.section]
    merging.check_edit(merging.apply_edits(groups, []), record)  # on copies: it applies
    synthesis.edits = [*synthesis.edits, record]
    flag_modified(synthesis, "edits")
    session.add(synthesis)
    audit.record(session, actor, "edit", "synthesis", synthesis.id, detail={"op": edit.op})
    return merging.apply_edits(groups, [record])


def _check_move(session: Session, synthesis: Synthesis, edit: GroupingEdit) -> None:
    """A point moves to the chapter of another of its practice's norms, one the synthesis has."""
    if edit.to is None:
        raise Invalid("to", "name the norm whose chapter the point moves to")
    if len(edit.points) != 1:
        raise Invalid("points", "name exactly one point to move")
    if edit.to == edit.norm:
        raise Invalid("to", "the point is already in this chapter")
    wanted = synthesis.options.get("norms")
    norms = snapshot.norms_of(session, synthesis.id or 0, key_owner(edit.points[0]))
    if edit.to not in norms or (wanted is not None and edit.to not in wanted):
        raise Invalid(
            "to", f"the practice of this point does not serve {edit.to} in this synthesis"
        )


def remove_edit(session: Session, actor: Actor, synthesis_id: int, index: int) -> None:
    synthesis = snapshot.editable(session, actor, synthesis_id)
    if not 0 <= index < len(synthesis.edits):
        raise NotFound(f"no edit {index}")
    synthesis.edits = [e for i, e in enumerate(synthesis.edits) if i != index]
    flag_modified(synthesis, "edits")
    session.add(synthesis)
    audit.record(session, actor, "edit", "synthesis", synthesis.id, detail={"removed": index})
