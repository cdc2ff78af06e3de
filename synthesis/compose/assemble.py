"""Build the document model of a synthesis in one language from its frozen snapshot."""

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from babel.dates import format_date

from norms.codes import display
from submissions.markdown import render
from synthesis.compose import intro
from synthesis.compose.document import (
    Chapter,
    Document,
    Entry,
    Labels,
    Link,
    Paragraph,
    Point,
    Rich,
    Section,
    Table,
)
from synthesis.compose.intro import sort_key
from synthesis.compose.language import shown_point, text_for
from synthesis.compose.source import Source
from synthesis.compose.wording import date_locale, joined, translations
from synthesis.consolidate.merging import Group
from synthesis.freeze.points import split
from synthesis.freeze.practice import Practice


class _Counter:
    def __init__(self, value: int = 0) -> None:
        self.value = value

    def next(self) -> int:
        self.value += 1
        return self.value


@dataclass(frozen=True)
class _Plan:
    """What a chapter is known to be before its points are loaded: its paragraphs are numbered
    from `first`, the framing's first, then its points'."""

    number: int
    norm: dict[str, Any]
    heading: str
    framing: tuple[Paragraph, ...]
    first: int


def build(source: Source, lang: str, base_url: str = "") -> Document:
    t = translations(lang)
    _ = t.gettext
    names = {code: pair.get(lang) or pair["en"] for code, pair in source.names.items()}
    practices = tuple(_link(p, names, lang, base_url) for p in source.practices)
    norms = _norms(source)
    counter = _Counter()
    introduction = _paragraphs(counter, intro.introduction(source, lang, names))
    plans = []
    for number, norm in enumerate(norms, start=1):
        first = counter.value
        framing_text = source.texts.get("framing", {}).get(norm["code"], {}).get(lang, "")
        framing = _paragraphs(counter, _markdown_paragraphs(framing_text))
        heading = _("Norm {code}: {title}").format(
            code=display(norm["code"]), title=norm["title"].get(lang) or norm["title"]["en"]
        )
        plans.append(_Plan(number, norm, heading, framing, first))
        counter.value += _shown(source, norm["code"])
    way_forward = _paragraphs(counter, intro.way_forward(source, lang))
    labels = _labels(_)
    presiding = source.catalogue.get("presiding")
    moment = source.published_on or source.as_of.date()
    return Document(
        lang=lang,
        title=source.titles.get(lang) or source.title,
        subtitle=_("Synthesis of Lessons Learned and Best Practices"),
        initiative=_("G7 Cyber Norm Initiative"),
        presidency=_("Presidency: {name}").format(name=names[presiding]) if presiding else None,
        date=format_date(moment, format="long", locale=date_locale(lang)),
        draft_note=None if source.is_published else _("Draft: not for citation"),
        labels=labels,
        contents=_contents(labels, plans),
        introduction=introduction,
        chapters=_Chapters(source, plans, practices, names, lang),
        way_forward=way_forward,
        table=_table(source, norms, names, lang, _("Total"), labels.not_attributed),
        practices=practices,
    )


def in_form(doc: Document, form: str) -> Document:
    """The document with its chapters' points read in one form only (`_Chapters.in_form`)."""
    if isinstance(doc.chapters, _Chapters):
        return replace(doc, chapters=doc.chapters.in_form(form))
    return doc


class _Chapters:
    """The chapters, composed one at a time whenever they are iterated, each from the points of
    its own practices only: a report never holds every point at once."""

    def __init__(
        self,
        source: Source,
        plans: Sequence[_Plan],
        links: Sequence[Link],
        names: dict[str, str],
        lang: str,
    ) -> None:
        self.source, self.plans, self.links, self.names, self.lang = (
            source,
            plans,
            links,
            names,
            lang,
        )
        self.form: str | None = None  # every text of each point, unless `in_form` says one
        # Practices and their links by position, one dict of positions by id: a dict of each
        # took 10 MiB at 100,000 practices (a binary search instead was a third slower).
        self.position = {p.submission_id: n for n, p in enumerate(source.practices)}

    def __iter__(self) -> Iterator[Chapter]:
        for plan in self.plans:
            yield self._chapter(plan)

    def in_form(self, form: str) -> "_Chapters":
        """The same chapters with their points' bodies in one form only ("html", "markdown" or
        "text"), the others empty: what a report in one format reads."""
        chapters = copy(self)
        chapters.form = form
        return chapters

    def _chapter(self, plan: _Plan) -> Chapter:
        source, lang = self.source, self.lang
        _ = translations(lang).gettext
        code = plan.norm["code"]
        drawn = source.drawn(code)
        found = source.sections(code, self.form)
        counter = _Counter(plan.first + len(plan.framing))
        sections = []
        for name, heading in (
            ("best_practices", _("Best practices")),
            ("lessons_learned", _("Lessons learned")),
        ):
            groups = found[name]
            if groups:
                points = (_point(counter, group, self, lang) for group in groups)
                sections.append(Section(heading, tuple(points)))
        return Chapter(
            number=plan.number,
            code=code,
            heading=plan.heading,
            reference=plan.norm["reference"],
            norm_text=plan.norm["text"].get(lang) or plan.norm["text"]["en"],
            framing=plan.framing,
            sections=tuple(sections),
            practices=tuple(self.links[self.position[i]] for i in drawn),
            empty_note=None if drawn else _("No practice was shared on this norm this cycle."),
        )


def _shown(source: Source, code: str) -> int:
    """How many points a chapter shows: its stored groups, unless edits change that count."""
    return sum(source.shown(code).values())


def _norms(source: Source) -> list[dict[str, Any]]:
    wanted = source.options.get("norms")
    served = {code for p in source.practices for code in p.norms}
    return [
        n
        for n in source.catalogue["norms"]
        if (wanted is None or n["code"] in wanted)
        and (n["code"] in served or source.options.get("include_empty_norms"))
    ]


def _point(
    counter: _Counter,
    group: Group,
    chapters: _Chapters,
    lang: str,
) -> Point:
    points = group.points
    position, practices, links = chapters.position, chapters.source.practices, chapters.links
    if len(points) == 1:
        at = [position[points[0].submission_id]]
    else:  # each practice once, in the order of its first point
        at = list(dict.fromkeys([position[point.submission_id] for point in points]))
    sources = [practices[n] for n in at]
    if lang in group.rewording:
        body, note = Rich.plain(group.rewording[lang]), None
    else:
        shown = shown_point(points, lang)
        wording = text_for(shown, lang)
        body = wording.body
        hidden = practices[position[shown.submission_id]].is_anonymised
        note = None if hidden else _language_note(wording.language or lang, lang)
    return Point(
        number=counter.next(),
        lead=attribution(sources, chapters.names, lang),
        body=body,
        language_note=note,
        sources=tuple([links[n] for n in at]),
    )


def attribution(practices: Sequence[Practice], names: dict[str, str], lang: str) -> str:
    if len(practices) == 1:
        only = practices[0]
        if only.is_anonymised:
            return _attribution((), 1, lang)
        return _attribution((names[only.participant],), 0, lang)
    named = tuple(dict.fromkeys([names[p.participant] for p in practices if not p.is_anonymised]))
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


def _link(practice: Practice, names: dict[str, str], lang: str, base_url: str) -> Link:
    translated = practice.other_title if practice.language != lang else None
    hidden = practice.is_anonymised or bool(translated)
    return Link(
        submission_id=practice.submission_id,
        title=translated or practice.title,
        base_url=base_url,
        participant=None if practice.is_anonymised else names[practice.participant],
        language_note=None if hidden else _language_note(practice.language, lang),
        norms=_displayed(practice.norms),
    )


@lru_cache(maxsize=4096)
def _displayed(norms: tuple[str, ...]) -> tuple[str, ...]:
    """A practice's norms as the annex lists them, one tuple per set of norms."""
    return tuple(display(code) for code in sorted(norms))


@lru_cache
@lru_cache(maxsize=64)
def _language_note(language: str, lang: str) -> str | None:
    if language == lang:
        return None
    _ = translations(lang).gettext
    notes = {"en": _("original in English"), "fr": _("original in French")}
    return notes.get(language, language)


def _markdown_paragraphs(text: str) -> list[Rich]:
    return [Rich(f.html, f.markdown, f.text) for f in split(render(text))] if text else []


def _paragraphs(counter: _Counter, bodies: Sequence[Rich]) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(counter.next(), body) for body in bodies)


def _labels(_: Callable[[str], str]) -> Labels:
    return Labels(
        contents=_("Contents"),
        introduction=_("Introduction"),
        best_practices=_("Best practices"),
        lessons_learned=_("Lessons learned"),
        practices_drawn_on=_("Practices drawn on"),
        way_forward=_("Way forward"),
        annex=_("Annex"),
        annex_table=_("Contributions by participant and norm"),
        annex_practices=_("List of practices"),
        participant=_("Participant"),
        practices=_("Practices"),
        reference=_("Reference"),
        colon=_(": "),
        page=_("Page"),
        not_attributed=_("Not attributed"),
        anonymised=_("Anonymised"),
    )


def _contents(labels: Labels, plans: Sequence[_Plan]) -> tuple[Entry, ...]:
    def entries() -> Iterator[Entry]:
        yield Entry("", labels.introduction, "introduction")
        for plan in plans:
            yield Entry(f"{plan.number}.", plan.heading, f"norm-{plan.norm['code']}")
        yield Entry("", labels.way_forward, "way-forward")
        yield Entry("", labels.annex, "annex")

    return tuple(entries())


def _table(
    source: Source,
    norms: Sequence[dict[str, Any]],
    names: dict[str, str],
    lang: str,
    total_label: str,
    hidden_label: str,
) -> Table:
    """Practices per norm for each attributed participant; anonymised ones only in one row."""
    codes = [n["code"] for n in norms]
    rows: dict[str, list[Practice]] = {}
    hidden: list[Practice] = []
    for practice in source.practices:
        if practice.is_anonymised:
            hidden.append(practice)
        else:
            rows.setdefault(names[practice.participant], []).append(practice)

    def row(label: str, items: Sequence[Practice]) -> tuple[str, tuple[int, ...], int]:
        served = Counter(code for p in items for code in dict.fromkeys(p.norms))
        return label, tuple(served[c] for c in codes), len(items)

    ordered = [row(name, rows[name]) for name in sorted(rows, key=sort_key)]
    if hidden:
        ordered.append(row(hidden_label, hidden))
    ordered.append(row(total_label, source.practices))
    return Table(columns=tuple(display(c) for c in codes), rows=tuple(ordered))
