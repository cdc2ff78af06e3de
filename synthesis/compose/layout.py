"""Where a report prints each point, worked out on the points' keys before any chapter is
composed: the "see ¶N" references of practices serving several norms, each chapter's most
shared point (for the key findings) and where the capacity-building lessons are."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from synthesis.compose.findings import CAPACITY_BUILDING
from synthesis.compose.source import Source
from synthesis.consolidate import grouping
from synthesis.consolidate.merging import SECTIONS, Group, Point


@dataclass
class Layout:
    see: dict[int, tuple[int, ...]] = field(default_factory=dict)
    """Per practice serving several norms, the numbers of the paragraphs holding its points."""
    tops: dict[str, tuple[int, Group, int]] = field(default_factory=dict)
    """Per norm, its most shared group (keys only), its number and how many contributed."""
    capacity_lessons: list[int] = field(default_factory=list)


def lay_out(source: Source, starts: Sequence[tuple[str, int]], lang: str) -> Layout:
    """`starts`: each chapter's norm and the number after which its points are numbered; `lang`
    the report's (a rewording in it credits every point of its group)."""
    found = Layout()
    several = {p.submission_id for p in source.practices if len(p.norms) > 1}
    building = {p.submission_id for p in source.practices if CAPACITY_BUILDING in p.themes}
    # Each owner's participant by its place in the practices: no call per point.
    practices, position = source.practices, source.position
    see: dict[int, list[int]] = {}
    for code, number in starts:
        most = 1  # the support a group must exceed to be the chapter's top
        for name, groups in placed_keys(source, code, lang).items():
            is_lessons = name == SECTIONS[1]
            for keys, credited in groups:
                number += 1
                owners = {int(key.partition(".")[0]) for key in keys}  # `key_owner`, inline
                for owner in owners:
                    if owner in several:
                        see.setdefault(owner, []).append(number)
                if is_lessons and not building.isdisjoint(owners):
                    found.capacity_lessons.append(number)
                # a group of fewer practices than the top has participants cannot pass it
                if len(credited) <= most:
                    continue
                owners = {int(key.partition(".")[0]) for key in credited}
                support = len({practices[position[owner]].participant for owner in owners})
                if support > most:
                    most = support
                    group = Group(
                        [Point(key, int(key.partition(".")[0]), "", "", "") for key in credited]
                    )
                    found.tops[code] = (number, group, support)
    # Tuples of numbers, which the collector stops tracking: lists of every practice serving
    # several norms were a tenth of what each of its full collections scanned.
    found.see = {owner: tuple(numbers) for owner, numbers in see.items()}
    return found


Keys = list[str]


def placed_keys(source: Source, code: str, lang: str) -> dict[str, list[tuple[Keys, Keys]]]:
    """A norm's groups as its chapter prints them in `lang`, each as its points' keys and the
    keys of those credited with its words (`Group.together_in`): as stored when no edit touches
    the norm (most chapters; the central point first, never set apart), else replayed."""
    if grouping.touches(source.edits, code):
        placed = source.placed(code)
        return {
            name: [
                ([p.key for p in g.points], [p.key for p in g.together_in(lang)])
                for g in placed[name]
            ]
            for name in SECTIONS
        }
    stored, apart = source.groups(code), source.apart(code)
    found = {}
    for name in SECTIONS:
        far = apart.get(name)
        found[name] = [
            (keys, [key for key in keys if key not in far] if far else keys)
            for keys in stored.get(name, [])
        ]
    return found
