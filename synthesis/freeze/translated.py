"""A revision's translation as a synthesis freezes it with its points, aligned point by point.

Kept per item: {"language", "title": [text, origin], "summary": [text, origin], "b"/"l": per
point [html, markdown, text, origin]}. A section whose translation splits into another number of
points than the original is left out: its points could not be matched one to one.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from submissions.models import Origin, RevisionTranslation
from synthesis.freeze.points import split
from synthesis.models import SynthesisItem

# The columns of `revision_translation` a synthesis freezes, in this order.
COLUMNS = (
    "language",
    "title",
    "summary",
    "best_practices_html",
    "lessons_learned_html",
    "origin",
)
_SECTIONS = (("b", "best_practices"), ("l", "lessons_learned"))


def frozen(points: Mapping[str, Sequence[Any]], row: Sequence[Any] | None) -> tuple[Any, int]:
    """The translation an item keeps (None without one), and how many of the texts a report
    prints of it (its title and points, not its summary) are drafts."""
    if row is None:
        return None, 0
    language, title, summary, best, lessons, origin = row
    kept: dict[str, Any] = {"language": language}
    machine = 0
    for name, text in (("title", title), ("summary", summary)):
        if text and name in origin:
            kept[name] = [text, origin[name]]
            machine += name == "title" and origin[name] == Origin.machine
    for (letter, name), html in zip(_SECTIONS, (best, lessons), strict=True):
        fragments = split(html) if name in origin else []
        if fragments and len(fragments) == len(points.get(letter, ())):
            kept[letter] = [[f.html, f.markdown, f.text, origin[name]] for f in fragments]
            machine += len(fragments) if origin[name] == Origin.machine else 0
    return (kept if len(kept) > 1 else None), machine


def refresh(session: Session, synthesis_id: int, revision_ids: Sequence[int]) -> None:
    """Freeze again the translations of some of a draft synthesis's revisions, as they now are."""
    table = RevisionTranslation.__table__  # type: ignore[attr-defined]
    for start in range(0, len(revision_ids), 1000):
        chunk = list(revision_ids[start : start + 1000])
        query = sa_select(table.c.revision_id, *(table.c[name] for name in COLUMNS)).where(
            table.c.revision_id.in_(chunk)
        )
        rows = {row[0]: tuple(row[1:]) for row in session.connection().execute(query)}
        items = session.exec(
            select(SynthesisItem).where(
                SynthesisItem.synthesis_id == synthesis_id,
                col(SynthesisItem.revision_id).in_(chunk),
            )
        )
        for item in items:
            item.translation, item.machine = frozen(item.points or {}, rows.get(item.revision_id))
            item.other_title = title_of(item.translation)
            item.other_title_machine = is_machine_title(item.translation)
            session.add(item)
    session.flush()


def title_of(translation: Mapping[str, Any] | None) -> str | None:
    return translation["title"][0] if translation and "title" in translation else None


def is_machine_title(translation: Mapping[str, Any] | None) -> bool:
    """Whether the title kept in the other language is a provider's draft."""
    if not translation or "title" not in translation:
        return False
    return bool(translation["title"][1] == Origin.machine)
