"""Key findings, after the introduction: a line per norm, the themes that run across norms,
capacity-building needs and participation figures, all counted from the snapshot."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from norms.codes import display
from synthesis.compose.document import Rich
from synthesis.compose.overview import PracticeOf, names_of, shared_sentence, who
from synthesis.compose.prose import Part, prose, refs
from synthesis.compose.wording import joined, listed, translations
from synthesis.consolidate.merging import Group
from synthesis.freeze.practice import Practice

CAPACITY_BUILDING = "capacity-building"
CROSS_CUTTING = 5  # themes named at most
LESSONS_CITED = 6


@dataclass(frozen=True)
class NormLine:
    """What the line of one norm says: its chapter, practices, and its most shared point."""

    code: str
    title: str
    practices: Sequence[Practice]
    top: tuple[int, Group, int] | None  # paragraph number, group, contributors
    top_quote: str | None  # what the line quotes of it; None: referred to by its paragraph
    shown: int  # how many points its chapter prints


def count(practices: Sequence[Practice], norms: Sequence[str]) -> int:
    """How many paragraphs the generated findings take (known before they are written, as the
    report numbers its paragraphs first)."""
    return 1 + len(norms) + bool(cross_cutting(practices)) + bool(capacity(practices))


def cross_cutting(practices: Sequence[Practice]) -> list[tuple[str, int, int]]:
    """Themes carried by practices under at least three norms: (code, practices, norms), most
    practices first, ties by code."""
    counts: Counter[str] = Counter()
    norms: dict[str, set[str]] = {}
    for practice in practices:
        for code in practice.themes:
            if code == CAPACITY_BUILDING:
                continue  # a paragraph of its own
            counts[code] += 1
            norms.setdefault(code, set()).update(practice.norms)
    found = [(code, counts[code], len(norms[code])) for code in counts if len(norms[code]) >= 3]
    return sorted(found, key=lambda item: (-item[1], -item[2], item[0]))[:CROSS_CUTTING]


def capacity(practices: Sequence[Practice]) -> list[Practice]:
    return [p for p in practices if CAPACITY_BUILDING in p.themes]


def key_findings(
    practices: Sequence[Practice],
    lines: Sequence[NormLine],
    lessons: Sequence[int],
    practice_of: PracticeOf,
    names: dict[str, str],
    themes: dict[str, str],
    lang: str,
) -> list[Rich]:
    """`lessons`: the paragraph numbers of the capacity-building practices' lessons learned."""
    paragraphs = [_participation(practices, lines, names, lang)]
    paragraphs += [_norm(line, practice_of, names, lang) for line in lines]
    across = cross_cutting(practices)
    if across:
        paragraphs.append(_themes(across, themes, lang))
    building = capacity(practices)
    if building:
        paragraphs.append(_capacity(building, lessons, names, lang))
    return paragraphs


def _participation(
    practices: Sequence[Practice], lines: Sequence[NormLine], names: dict[str, str], lang: str
) -> Rich:
    t = translations(lang)
    _ = t.gettext
    named = {p.participant for p in practices if not p.is_anonymised}
    hidden = sum(p.is_anonymised for p in practices)
    parts = [
        t.ngettext(
            "This synthesis draws on one practice, from {who}.",
            "This synthesis draws on {count} practices, from {who}.",
            len(practices),
        ).format(count=len(practices), who=who(practices, names, lang))
    ]
    if named:
        per_norm = [
            _("{norm}: {count}").format(
                norm=display(line.code),
                count=len({p.participant for p in line.practices if not p.is_anonymised}),
            )
            for line in lines
            if not all(p.is_anonymised for p in line.practices)  # the next sentence names those
        ]
        parts.append(
            " "
            + t.ngettext(
                "Named participants per norm: {figures}.",
                "Named participants per norm: {figures}.",
                len(named),
            ).format(figures="; ".join(per_norm))
        )
    unnamed = [display(line.code) for line in lines if all(p.is_anonymised for p in line.practices)]
    if unnamed:
        parts.append(
            " "
            + t.ngettext(
                "No named participant contributed on norm {norms}.",
                "No named participant contributed on norms {norms}.",
                len(unnamed),
            ).format(norms=joined(unnamed, lang))
        )
    if hidden:
        parts.append(
            " "
            + t.ngettext(
                "One practice was shared without attribution.",
                "Of these practices, {count} were shared without attribution.",
                hidden,
            ).format(count=hidden)
        )
    return prose(parts, lang)


def _norm(line: NormLine, practice_of: PracticeOf, names: dict[str, str], lang: str) -> Rich:
    t = translations(lang)
    _ = t.gettext
    if not line.practices:
        text = _("Norm {norm} ({title}): no practice was shared on this norm this cycle.")
        return prose([text.format(norm=display(line.code), title=line.title)], lang)
    parts: list[Part] = [
        t.ngettext(
            "Norm {norm} ({title}): one practice, from {who}.",
            "Norm {norm} ({title}): {count} practices, from {who}.",
            len(line.practices),
        ).format(
            norm=display(line.code),
            title=line.title,
            count=len(line.practices),
            who=who(line.practices, names, lang),
        ),
        " ",
    ]
    if line.top is not None:
        number, group, supporters = line.top
        parts += shared_sentence(
            number, group, supporters, practice_of, names, line.top_quote, lang
        )
    elif line.shown:
        parts.append(_("Each point in its chapter was made by a single participant."))
    else:
        parts.append(_("Their points are presented under other norms."))
    return prose(parts, lang)


def _themes(found: Sequence[tuple[str, int, int]], themes: dict[str, str], lang: str) -> Rich:
    t = translations(lang)
    items = [
        t.ngettext(
            "{theme} ({count} practice, {norms} norms)",
            "{theme} ({count} practices, {norms} norms)",
            count,
        ).format(theme=names_of(themes, code, lang), count=count, norms=norms)
        for code, count, norms in found
    ]
    text = t.gettext("Themes shared across norms: {themes}.").format(themes=listed(items, lang))
    return prose([text], lang)


def _capacity(
    practices: Sequence[Practice], lessons: Sequence[int], names: dict[str, str], lang: str
) -> Rich:
    t = translations(lang)
    _ = t.gettext
    norms = sorted({code for p in practices for code in p.norms})
    parts: list[Part] = [
        t.ngettext(
            "Capacity building is among the themes of one practice, from {who}, under {norms}.",
            "Capacity building is among the themes of {count} practices, from {who}, under {norms}.",
            len(practices),
        ).format(
            count=len(practices),
            who=who(practices, names, lang),
            norms=joined([display(code) for code in norms], lang),
        )
    ]
    cited = sorted(lessons)[:LESSONS_CITED]
    if cited:
        parts += [
            " ",
            _("The needs they report are in their lessons learned, at "),
            *refs(cited, lang, _("and")),
            ".",
        ]
    return prose(parts, lang)
