"""A synthesis's consolidated points per norm and section, with the presidency's edits replayed."""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session

from norms.errors import Invalid, NotFound
from submissions import audit
from submissions.access import Actor, require_presidency
from synthesis import consolidate, snapshot
from synthesis.consolidate import Group, Point
from synthesis.practice import Practice, consolidated
from synthesis.schemas import GroupingEdit

Sections = dict[tuple[str, str], list[Group]]


def sections(
    practices: Sequence[Practice],
    norms: Sequence[str],
    edits: Sequence[dict[str, Any]],
    stored: dict[str, list[list[str]]] | None = None,
) -> Sections:
    """Every (norm, section) of the given norms as consolidated when the synthesis was made
    (computed now for one made before groupings were kept), edits applied where they still fit."""
    if stored is None:
        stored = consolidated(practices, norms)
    by_key = {point.key: point for p in practices for pts in p.points.values() for point in pts}
    return {
        (norm, section): replay(stored.get(f"{norm}/{section}", []), by_key, edits, norm, section)
        for norm in norms
        for section in consolidate.SECTIONS
    }


def replay(
    keys: Sequence[Sequence[str]],
    by_key: Mapping[str, Point],
    edits: Sequence[dict[str, Any]],
    norm: str,
    section: str,
) -> list[Group]:
    """One section's stored groups of point keys as groups of points, with its edits."""
    groups = [Group([by_key[key] for key in group]) for group in keys]
    for edit in edits:
        if edit["norm"] == norm and edit["section"] == section:
            try:
                groups = consolidate.apply_edits(groups, [edit])
            except Invalid:
                continue  # an edit made moot by an earlier one being removed
    return groups


def count(
    keys: Sequence[Sequence[str]], edits: Sequence[dict[str, Any]], norm: str, section: str
) -> int:
    """How many points one section shows, without its points' texts."""
    if not any(edit["norm"] == norm and edit["section"] == section for edit in edits):
        return len(keys)
    blanks = {key: Point(key, 0, "", "", "") for group in keys for key in group}
    return len(replay(keys, blanks, edits, norm, section))


def current(session: Session, actor: Actor, synthesis_id: int, norm: str | None = None) -> Sections:
    """The grouping as a report would show it now, for one norm or all (presidency)."""
    require_presidency(actor)
    synthesis = snapshot.get(session, actor, synthesis_id)
    practices = snapshot.practices(session, synthesis)
    if norm is None:
        norms = [n["code"] for n in synthesis.catalogue["norms"]]
        served = {code for p in practices for code in p.norms}
        codes = [code for code in norms if code in served]
    else:
        codes = [norm]
    return sections(practices, codes, synthesis.edits, synthesis.grouping)


def add_edit(session: Session, actor: Actor, synthesis_id: int, edit: GroupingEdit) -> list[Group]:
    """Check the edit against the current grouping, keep it, and return the section it changed."""
    synthesis = snapshot.editable(session, actor, synthesis_id)
    if edit.op == "reword" and (edit.lang is None or edit.text is None):
        raise Invalid("text", "a rewording needs lang and text")
    record = edit.model_dump(mode="json", exclude_none=True)
    practices = snapshot.practices(session, synthesis)
    groups = sections(practices, [edit.norm], synthesis.edits, synthesis.grouping)[
        (edit.norm, edit.section)
    ]
    consolidate.check_edit(groups, record)
    synthesis.edits = [*synthesis.edits, record]
    flag_modified(synthesis, "edits")
    session.add(synthesis)
    audit.record(session, actor, "edit", "synthesis", synthesis.id, detail={"op": edit.op})
    found = sections(practices, [edit.norm], synthesis.edits, synthesis.grouping)
    return found[(edit.norm, edit.section)]


def remove_edit(session: Session, actor: Actor, synthesis_id: int, index: int) -> None:
    synthesis = snapshot.editable(session, actor, synthesis_id)
    if not 0 <= index < len(synthesis.edits):
        raise NotFound(f"no edit {index}")
    synthesis.edits = [e for i, e in enumerate(synthesis.edits) if i != index]
    flag_modified(synthesis, "edits")
    session.add(synthesis)
    audit.record(session, actor, "edit", "synthesis", synthesis.id, detail={"removed": index})
