"""A synthesis's consolidated points per norm and section, with the presidency's edits replayed."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session

from norms.errors import Invalid, NotFound
from submissions import audit
from submissions.access import Actor, require_presidency
from synthesis import consolidate, snapshot
from synthesis.consolidate import Group, Point
from synthesis.points import Fragment, split
from synthesis.schemas import GroupingEdit
from synthesis.snapshot import Practice

_LETTER = {"best_practices": "b", "lessons_learned": "l"}
Sections = dict[tuple[str, str], list[Group]]


class Splitter:
    """Splits each practice's section once, however many norms it serves."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, str], list[Fragment]] = {}

    def points(self, practice: Practice, section: str) -> list[Point]:
        key = (practice.submission_id, section)
        if key not in self._cache:
            self._cache[key] = split(getattr(practice, f"{section}_html"))
        letter = _LETTER[section]
        return [
            Point(
                f"{practice.submission_id}.{letter}{i}",
                practice.submission_id,
                f.html,
                f.markdown,
                f.text,
            )
            for i, f in enumerate(self._cache[key], start=1)
        ]


def sections(
    practices: Sequence[Practice], norms: Sequence[str], edits: Sequence[dict[str, Any]]
) -> Sections:
    """Every (norm, section) of the given norms, consolidated, edits applied where they still fit."""
    splitter = Splitter()
    result: Sections = {}
    for norm in norms:
        serving = [p for p in practices if norm in p.norms]
        for section in consolidate.SECTIONS:
            points = [point for p in serving for point in splitter.points(p, section)]
            groups = consolidate.group(points)
            for edit in edits:
                if edit["norm"] == norm and edit["section"] == section:
                    try:
                        groups = consolidate.apply_edits(groups, [edit])
                    except Invalid:
                        continue  # an edit made moot by an earlier one being removed
            result[(norm, section)] = groups
    return result


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
    return sections(practices, codes, synthesis.edits)


def add_edit(session: Session, actor: Actor, synthesis_id: int, edit: GroupingEdit) -> list[Group]:
    """Check the edit against the current grouping, keep it, and return the section it changed."""
    synthesis = snapshot.editable(session, actor, synthesis_id)
    if edit.op == "reword" and (edit.lang is None or edit.text is None):
        raise Invalid("text", "a rewording needs lang and text")
    record = edit.model_dump(mode="json", exclude_none=True)
    practices = snapshot.practices(session, synthesis)
    groups = sections(practices, [edit.norm], synthesis.edits)[(edit.norm, edit.section)]
    consolidate.check_edit(groups, record)
    synthesis.edits = [*synthesis.edits, record]
    flag_modified(synthesis, "edits")
    session.add(synthesis)
    audit.record(session, actor, "edit", "synthesis", synthesis.id, detail={"op": edit.op})
    return sections(practices, [edit.norm], synthesis.edits)[(edit.norm, edit.section)]


def remove_edit(session: Session, actor: Actor, synthesis_id: int, index: int) -> None:
    synthesis = snapshot.editable(session, actor, synthesis_id)
    if not 0 <= index < len(synthesis.edits):
        raise NotFound(f"no edit {index}")
    synthesis.edits = [e for i, e in enumerate(synthesis.edits) if i != index]
    flag_modified(synthesis, "edits")
    session.add(synthesis)
    audit.record(session, actor, "edit", "synthesis", synthesis.id, detail={"removed": index})
