"""The paragraph that opens a chapter: its practices and participants, the themes most present
and the points most widely shared, each in a sentence."""

from collections import Counter
from collections.abc import Callable, Sequence
from heapq import heappush, heapreplace

from synthesis.compose.document import Rich
from synthesis.compose.prose import Part, Ref, prose, quoted, refs
from synthesis.compose.wording import conjunction, joined, listed, translations
from synthesis.consolidate.merging import Group
from synthesis.freeze.practice import Practice

TOP_POINTS = 3
TOP_THEMES = 3
PracticeOf = Callable[[int], Practice]
QuoteOf = Callable[[Group], str | None]


def who(practices: Sequence[Practice], names: dict[str, str], lang: str) -> str:
    """ "Canada, France and two unnamed participants": named participants alphabetically, then
    how many distinct participants chose anonymity."""
    from synthesis.compose.intro import in_sentences

    t = translations(lang)
    named = in_sentences({p.participant for p in practices if not p.is_anonymised}, names, lang)
    hidden = len({p.participant for p in practices if p.is_anonymised})
    rest = {
        0: [],
        1: [t.gettext("one unnamed participant")],
        2: [t.gettext("two unnamed participants")],
    }.get(hidden, [t.gettext("several unnamed participants")])
    return joined([*named, *rest], lang)


def support(group: Group, practice_of: PracticeOf, lang: str) -> int:
    """How many participants the points credited with a group's words come from."""
    together = group.together_in(lang)
    if len(together) == 1:
        return 1
    return len({practice_of(point.submission_id).participant for point in together})


def most_shared(
    numbered: Sequence[tuple[int, Group]],
    practice_of: PracticeOf,
    lang: str,
    limit: int = TOP_POINTS,
) -> list[tuple[int, Group, int]]:
    """The groups made by two participants or more, most first (then in print order)."""
    if limit < 1:
        return []
    kept: list[tuple[int, int]] = []  # (support, -number) of the most shared so far, least first
    groups = {}
    for number, group in numbered:
        # its support is at most its points: too few cannot pass the least kept
        if len(group.points) < 2 or (len(kept) == limit and len(group.points) <= kept[0][0]):
            continue
        count = support(group, practice_of, lang)
        if count < 2 or (len(kept) == limit and count <= kept[0][0]):
            continue
        if len(kept) == limit:
            heapreplace(kept, (count, -number))
        else:
            heappush(kept, (count, -number))
        groups[number] = group
    return [(-number, groups[-number], count) for count, number in sorted(kept, reverse=True)]


def shared_sentence(
    number: int,
    group: Group,
    count: int,
    practice_of: PracticeOf,
    names: dict[str, str],
    quote: str | None,
    lang: str,
) -> list[Part]:
    """ "Several participants (Canada, France and one unnamed participant) stress: “…” (¶9)", or
    "… make the point set out in ¶9." when no person wrote it in the report's language
    (`attribution.quote_of`)."""
    return _sentence(lead_of(group, count, practice_of, names, lang), [(number, quote)], lang)


def lead_of(
    group: Group, count: int, practice_of: PracticeOf, names: dict[str, str], lang: str
) -> str:
    """ "Two participants (France and Germany)": how many made a point, and those named."""
    _ = translations(lang).gettext
    practices = [practice_of(point.submission_id) for point in group.together_in(lang)]
    lead = _("Two participants") if count == 2 else _("Several participants")
    if any(not p.is_anonymised for p in practices):
        lead = f"{lead} ({who(practices, names, lang)})"
    return lead


def _sentence(lead: str, said: Sequence[tuple[int, str | None]], lang: str) -> list[Part]:
    """One sentence for the points the same participants made: "Two participants (…) stress:
    “…” (¶26) and “…” (¶27), and make the point set out in ¶28." rather than the lead thrice.
    The points quoted come first, then those only referred to (`attribution.quote_of`)."""
    t = translations(lang)
    and_ = conjunction(lang).strip()
    quotes = [(number, quote) for number, quote in said if quote is not None]
    referred = [number for number, quote in said if quote is None]
    if not quotes:
        text = t.ngettext(
            "{lead} make the point set out in", "{lead} make the points set out in", len(referred)
        )
        return [text.format(lead=lead), " ", *refs(referred, lang, and_), "."]
    parts: list[Part] = []
    for index, (number, quote) in enumerate(quotes):
        if index == 0:
            parts.append(
                t.gettext("{lead} stress: {quote}").format(lead=lead, quote=quoted(quote, lang))
            )
        else:
            parts += [conjunction(lang) if index == len(quotes) - 1 else ", ", quoted(quote, lang)]
        parts += [" (", Ref(number), ")"]
    if referred:
        also = t.ngettext(
            ", and make the point set out in", ", and make the points set out in", len(referred)
        )
        parts += [also, " ", *refs(referred, lang, and_)]
    return [*parts, "."]


def shared_sentences(
    shared: Sequence[tuple[int, Group, int]],
    practice_of: PracticeOf,
    names: dict[str, str],
    quote_of: QuoteOf,
    lang: str,
) -> list[Part]:
    """The sentences of the points most shared, one a lead: consecutive points made by the same
    named participants share one sentence. Never when one was made anonymously: the same words
    ("two unnamed participants") may stand for others, and joining them would say otherwise."""
    runs: list[tuple[str, bool, list[tuple[int, str | None]]]] = []  # lead, may join, said
    for number, group, supporters in shared:
        lead, quote = lead_of(group, supporters, practice_of, names, lang), quote_of(group)
        credited = group.together_in(lang)
        joins = not any(practice_of(p.submission_id).is_anonymised for p in credited)
        if joins and runs and runs[-1][1] and runs[-1][0] == lead:
            runs[-1][2].append((number, quote))
        else:
            runs.append((lead, joins, [(number, quote)]))
    parts: list[Part] = []
    for lead, _, said in runs:
        parts += [" ", *_sentence(lead, said, lang)]
    return parts


def chapter_overview(
    practices: Sequence[Practice],
    numbered: Sequence[tuple[int, Group]],
    practice_of: PracticeOf,
    quote_of: QuoteOf,
    names: dict[str, str],
    themes: dict[str, str],
    lang: str,
) -> Rich:
    t = translations(lang)
    _ = t.gettext
    count = len(practices)
    parts: list[Part] = [
        t.ngettext(
            "This chapter draws on one practice, from {who}.",
            "This chapter draws on {count} practices, from {who}.",
            count,
        ).format(count=count, who=who(practices, names, lang))
    ]
    present = top_themes(practices, themes)
    if present:
        parts.append(" ")
        parts.append(
            t.ngettext(
                "The theme most present is {themes}.",
                "The themes most present are {themes}.",
                len(present),
            ).format(themes=listed([names_of(themes, code, lang) for code in present], lang))
        )
    if not numbered:
        parts.append(" ")
        parts.append(
            _(
                "Their points are presented in the chapters of the norms they serve best, to "
                "which the list of practices below refers."
            )
        )
        return prose(parts, lang)
    shared = most_shared(numbered, practice_of, lang)
    if not shared:
        parts.append(" ")
        parts.append(_("Each point below was made by a single participant."))
    parts += shared_sentences(shared, practice_of, names, quote_of, lang)
    return prose(parts, lang)


def top_themes(
    practices: Sequence[Practice], themes: dict[str, str], limit: int = TOP_THEMES
) -> list[str]:
    """The theme codes most practices carry, most first (ties in the catalogue's order)."""
    order = {code: n for n, code in enumerate(themes)}
    counts = Counter(code for p in practices for code in p.themes if code in order)
    return sorted(counts, key=lambda code: (-counts[code], order[code]))[:limit]


def names_of(themes: dict[str, str], code: str, lang: str) -> str:
    """A theme's name inside a sentence: lower case but for acronyms (CERT/CSIRT)."""
    name = themes[code]
    first = name.split(" ", 1)[0]
    return name if first.isupper() or first[1:2].isupper() else name[:1].lower() + name[1:]
