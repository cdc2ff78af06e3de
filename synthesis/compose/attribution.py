"""Who says what, and in which language: the participants a point names, the point that speaks
for a group, the practices a report cites."""

from collections.abc import Callable, Sequence
from functools import lru_cache

from norms.codes import display
from synthesis.compose import language
from synthesis.compose.document import Link
from synthesis.compose.intro import sort_key
from synthesis.compose.language import Wording
from synthesis.compose.source import Source
from synthesis.compose.wording import joined, translations
from synthesis.consolidate.merging import Group, Point
from synthesis.freeze.practice import Practice


def practice_of(source: Source) -> Callable[[int], Practice]:
    practices, position = source.practices, source.position

    def practice_of(submission_id: int) -> Practice:
        return practices[position[submission_id]]

    return practice_of


Hidden = Callable[[Point], bool]
"""Whether a point's practice is anonymised."""


def quote_of(group: Group, lang: str) -> str | None:
    """What a sentence of generated prose quotes of a group: its text in the report's language as
    a person wrote it (or the presidency reworded it). A machine draft or an original in the
    other language is not quoted: the sentence refers to the point's paragraph, where the chapter
    prints it and says what it is (unless anonymised). Quoted in the key findings, a draft through
    Apertium ("J'use la 24/7 réseau…") read as the presidency's words however it was marked."""
    if lang in group.rewording:
        return group.rewording[lang]
    point = quoted_point(group, lang)
    return None if point is None else language.text_for(point, lang).body.text


def quoted_point(group: Group, lang: str) -> Point | None:
    """The point whose words `quote_of` quotes (rewordings aside): the one the chapter prints,
    when a person wrote it in the report's language; else None."""
    point = language.shown_point(group.together_in(lang), lang)
    return point if _rank(language.text_for(point, lang), lang) == 0 else None


def wording_note(wording: Wording, lang: str) -> str | None:
    """What a text a chapter prints in a report in `lang` is when not the report's own words:
    "machine translation", "original in English"."""
    if wording.is_machine:
        return translations(lang).gettext("machine translation")
    return language_note(wording.language, lang)


def shown_point(group: Group, lang: str, hidden: Hidden | None = None) -> tuple[Point, Wording]:
    """The point that speaks for a group and its wording in the report's language: the points
    come most central first, and `language.shown_point` takes the first written in `lang`, else
    the first translated into it (by a person before a provider), else the most central. When
    that point is anonymised and not in the report's language as a person wrote it, an attributed
    point worded as well speaks instead: its draft or original can be marked as such. Only the
    points credited with the group's words (`Group.together`) speak for it."""
    together = group.together_in(lang)
    point = language.shown_point(together, lang)
    wording = language.text_for(point, lang)
    rank = _rank(wording, lang)
    if rank and hidden is not None and hidden(point):
        named = [other for other in together if not hidden(other)]
        if named:
            other = language.shown_point(named, lang)
            other_wording = language.text_for(other, lang)
            if _rank(other_wording, lang) <= rank:
                return other, other_wording
    return point, wording


def _rank(wording: Wording, lang: str) -> int:
    """0: the report's language as a person wrote it; 1: a machine draft; 2: another language."""
    if wording.is_machine:
        return 1
    return 0 if not wording.language or wording.language == lang else 2


def attribution(practices: Sequence[Practice], names: dict[str, str], lang: str) -> str:
    if len(practices) == 1:
        only = practices[0]
        if only.is_anonymised:
            return _attribution((), 1, lang)
        return _attribution((names[only.participant],), 0, lang)
    # alphabetically, as the chapter overview names them: a report never ranks States
    named = tuple(
        sorted({names[p.participant] for p in practices if not p.is_anonymised}, key=sort_key)
    )
    hidden = len({p.participant for p in practices if p.is_anonymised})
    return _attribution(named, hidden, lang)


@lru_cache(maxsize=4096)
def _attribution(named: tuple[str, ...], hidden: int, lang: str) -> str:
    """ "France and Germany", "One participant", "France and two unnamed participants"."""
    t = translations(lang)
    if not hidden:
        return joined(named, lang)
    if not named:
        if hidden == 1:
            return t.gettext("One participant")
        return t.gettext("Two participants") if hidden == 2 else t.gettext("Several participants")
    if hidden == 1:
        rest = t.gettext("one unnamed participant")
    elif hidden == 2:
        rest = t.gettext("two unnamed participants")
    else:
        rest = t.gettext("several unnamed participants")
    return joined([*named, rest], lang)


def link(practice: Practice, names: dict[str, str], lang: str, base_url: str) -> Link:
    """A practice as the report cites it: its title in the report's language when translated; a
    provider's draft or an original in the other language noted, unless anonymised (the language
    narrows it down)."""
    translated = practice.other_title if practice.language != lang else None
    if practice.is_anonymised or (translated and not practice.other_title_machine):
        note = None
    elif translated:
        note = translations(lang).gettext("machine-translated title")
    else:
        note = language_note(practice.language, lang)
    return Link(
        submission_id=practice.submission_id,
        title=translated or practice.title,
        base_url=base_url,
        participant=None if practice.is_anonymised else names[practice.participant],
        language_note=note,
        norms=displayed(practice.norms),
        language=lang if translated else practice.language,
    )


@lru_cache(maxsize=4096)
def displayed(norms: tuple[str, ...]) -> tuple[str, ...]:
    """A practice's norms as the annex lists them, one tuple per set of norms."""
    return tuple(display(code) for code in sorted(norms))


@lru_cache(maxsize=64)
def language_note(language: str, lang: str) -> str | None:
    if language == lang:
        return None
    _ = translations(lang).gettext
    notes = {"en": _("original in English"), "fr": _("original in French")}
    return notes.get(language, language)
