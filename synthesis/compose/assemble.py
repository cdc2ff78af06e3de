"""Build the document model of a synthesis in one language from its frozen snapshot."""

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass, replace
from typing import Any

from norms.codes import display
from norms.official import source_url
from submissions.markdown import render
from synthesis.compose import findings, intro, layout
from synthesis.compose import typeset as typesetting
from synthesis.compose.attribution import (
    attribution,
    link,
    practice_of,
    quote_of,
    quoted_point,
    shown_point,
    wording_note,
)
from synthesis.compose.document import (
    Chapter,
    Document,
    Entry,
    Labels,
    Link,
    Paragraph,
    Point,
    Rich,
    Said,
    Section,
    Table,
)
from synthesis.compose.intro import own_text, sort_key
from synthesis.compose.overview import chapter_overview
from synthesis.compose.source import Source
from synthesis.compose.typeset import typeset
from synthesis.compose.wording import long_date, translations
from synthesis.consolidate.merging import Group
from synthesis.consolidate.merging import Point as MergedPoint
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
    from `first`, the framing's first, then the overview's (`overview` when the presidency wrote
    it, else one generated paragraph), then its points'; `last` is its last paragraph."""

    number: int
    norm: dict[str, Any]
    heading: str
    framing: tuple[Paragraph, ...]
    first: int
    overview: tuple[Paragraph, ...] | None
    overview_count: int
    last: int

    @property
    def points_from(self) -> int:
        return self.first + len(self.framing) + self.overview_count


def build(source: Source, lang: str, base_url: str = "") -> Document:
    t = translations(lang)
    _ = t.gettext
    names = {code: pair.get(lang) or pair["en"] for code, pair in source.names.items()}
    # Set once here: every chapter cites them, each point its own.
    practices = tuple(
        typesetting.link(link(p, names, lang, base_url), lang) for p in source.practices
    )
    norms = _norms(source)
    counter = _Counter()
    introduction = _paragraphs(counter, intro.introduction(source, lang, names))
    own_findings = _markdown_paragraphs(own_text(source.texts.get("key_findings", {}), lang))
    findings_first = counter.value
    counter.value += len(own_findings) or findings.count(
        source.practices, [n["code"] for n in norms]
    )
    plans = []
    for number, norm in enumerate(norms, start=1):
        code = norm["code"]
        first = counter.value
        framing_text = own_text(source.texts.get("framing", {}).get(code, {}), lang)
        framing = _paragraphs(counter, _markdown_paragraphs(framing_text))
        own = own_text(source.texts.get("overview", {}).get(code, {}), lang)
        overview = _paragraphs(counter, _markdown_paragraphs(own)) if own else None
        count = len(overview) if overview is not None else int(bool(source.drawn(code)))
        if overview is None:
            counter.value += count
        heading = _("Norm {code}: {title}").format(
            code=display(code), title=norm["title"].get(lang) or norm["title"]["en"]
        )
        counter.value += _shown(source, code)
        plans.append(_Plan(number, norm, heading, framing, first, overview, count, counter.value))
    way_forward = _paragraphs(counter, intro.way_forward(source, lang))
    starts = [(plan.norm["code"], plan.points_from) for plan in plans]
    where = layout.lay_out(source, starts, lang)
    key_findings = _paragraphs(
        _Counter(findings_first),
        own_findings or _findings(source, plans, where, names, lang),
    )
    labels = _labels(_)
    presiding = source.catalogue.get("presiding")
    moment = source.published_on or source.as_of.date()
    document = Document(
        lang=lang,
        title=source.titles.get(lang) or source.title,
        subtitle=_("Synthesis of Lessons Learned and Best Practices"),
        initiative=_("G7 Cyber Norm Initiative"),
        presidency=_("Presidency: {name}").format(name=names[presiding]) if presiding else None,
        date=long_date(moment, lang),
        issued=moment,
        draft_note=None if source.is_published else _("Draft: not for citation"),
        labels=labels,
        contents=_contents(labels, plans),
        introduction=introduction,
        key_findings=key_findings,
        chapters=_Chapters(source, plans, practices, names, lang, where),
        way_forward=way_forward,
        table=_table(source, norms, names, lang, _("Total"), labels.not_attributed),
        practices=practices,
    )
    return typeset(document, lang, done=practices)


def _findings(
    source: Source,
    plans: Sequence[_Plan],
    where: "layout.Layout",
    names: dict[str, str],
    lang: str,
) -> list[Rich]:
    """The generated key findings: the most shared point of each chapter is read alone."""
    owner = practice_of(source)
    owners = sorted({p.submission_id for top in where.tops.values() for p in top[1].points})
    texts = source.points(owners, "text")
    lines = []
    for plan in plans:
        code = plan.norm["code"]
        top = where.tops.get(code)
        shown = plan.last - plan.points_from
        found = None
        if top is not None:
            group = replace(top[1], points=[texts[p.key] for p in top[1].points])
            found = (top[0], group, top[2])
        lines.append(
            findings.NormLine(
                code=code,
                title=plan.norm["title"].get(lang) or plan.norm["title"]["en"],
                practices=source.of_norm(code),
                top=found,
                top_quote=quote_of(found[1], lang) if found else None,
                shown=shown,
            )
        )
    themes = {code: pair.get(lang) or pair["en"] for code, pair in source.themes.items()}
    return findings.key_findings(
        source.practices, lines, where.capacity_lessons, owner, names, themes, lang
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
        where: "layout.Layout",
    ) -> None:
        self.source, self.plans, self.links, self.names, self.lang = (
            source,
            plans,
            links,
            names,
            lang,
        )
        self.where = where
        self.practice_of = practice_of(source)
        self.themes = {code: pair.get(lang) or pair["en"] for code, pair in source.themes.items()}
        self.form: str | None = None  # every text of each point, unless `in_form` says one
        # Practices and their links by position, one dict of positions by id: a dict of each
        # took 10 MiB at 100,000 practices (a binary search instead was a third slower).
        self.position = source.position

    def __iter__(self) -> Iterator[Chapter]:
        for plan in self.plans:
            yield self._chapter(plan)

    def in_form(self, form: str) -> "_Chapters":
        """The same chapters with their points' bodies in one form only ("html", "markdown" or
        "text"), the others empty: what a report in one format reads."""
        chapters = copy(self)
        chapters.form = form
        return chapters

    def is_hidden(self, point: MergedPoint) -> bool:
        return self.practice_of(point.submission_id).is_anonymised

    def quote_of(self, group: Group) -> str | None:
        """What an overview quotes of a group, the quoted point read again when the report reads
        another form (which point that is depends on languages alone, the same in every form)."""
        if self.form not in (None, "text") and self.lang not in group.rewording:
            quoted = quoted_point(group, self.lang)
            if quoted is None:
                return None
            texts = self.source.points([quoted.submission_id], "text")
            group = replace(group, points=[texts[quoted.key]])
        return quote_of(group, self.lang)

    def _chapter(self, plan: _Plan) -> Chapter:
        source, lang = self.source, self.lang
        _ = translations(lang).gettext
        code = plan.norm["code"]
        drawn = source.drawn(code)
        found = source.sections(code, self.form)
        counter = _Counter(plan.points_from)
        sections, numbered = [], []
        for name, heading in (
            ("best_practices", _("Best practices")),
            ("lessons_learned", _("Lessons learned")),
        ):
            groups = found[name]
            if groups:
                points = []
                for group in groups:
                    points.append(_point(counter, group, self, lang))
                    numbered.append((counter.value, group))
                sections.append(Section(typesetting.text(heading, lang), tuple(points)))
        overview = plan.overview
        if overview is None:
            overview = ()
            if drawn:
                body = chapter_overview(
                    source.of_norm(code),
                    numbered,
                    self.practice_of,
                    self.quote_of,
                    self.names,
                    self.themes,
                    lang,
                )
                overview = (Paragraph(plan.first + len(plan.framing) + 1, body),)
        inside = range(plan.first + 1, plan.last + 1)
        see = {
            i: tuple(n for n in self.where.see.get(i, ()) if n not in inside)
            for i in drawn
            if i in self.where.see
        }
        chapter = Chapter(
            number=plan.number,
            code=code,
            heading=plan.heading,
            reference=plan.norm["reference"],
            norm_text=plan.norm["text"].get(lang) or plan.norm["text"]["en"],
            framing=plan.framing,
            overview=overview,
            sections=(),
            practices=tuple(self.links[self.position[i]] for i in drawn),
            see={i: numbers for i, numbers in see.items() if numbers},
            empty_note=None if drawn else _("No practice was shared on this norm this cycle."),
            norm_text_label=_("Official text")
            if plan.norm.get("official")
            else _("Summary (not the official text)"),
            norm_source_url=source_url(plan.norm["reference"], lang),
        )
        # Its points are set as they are made, and cite its practices alone: the walk sets the rest.
        chapter = typeset(chapter, lang, done=chapter.practices)
        return replace(chapter, sections=tuple(sections))


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
    else:  # each practice once, by number as a reader looks them up ("#9, #13, #43")
        at = sorted(
            {position[point.submission_id] for point in points},
            key=lambda n: practices[n].submission_id,
        )
    aside = group.aside_in(lang)
    if aside:  # credited with the group's words: the others' practices only
        apart = {point.key for point in aside}
        credited = {position[p.submission_id] for p in points if p.key not in apart}
        sources = [practices[n] for n in at if n in credited]
    else:
        sources = [practices[n] for n in at]
    if lang in group.rewording:
        body, note, language = Rich.plain(group.rewording[lang]), None, lang
    else:
        body, note, language = _wording(group, chapters, lang)
    also = []
    owners = [practices[position[point.submission_id]] for point in aside]
    # "Another participant" only among unnamed ones: beside a named participant it would say
    # whether an anonymised point is that participant's
    unnamed = all(p.is_anonymised for p in [*sources, *owners])
    seen = {p.participant for p in sources}
    for point, owner in zip(aside, owners, strict=True):
        lead = attribution([owner], chapters.names, lang)
        if unnamed and owner.participant not in seen:
            lead = translations(lang).gettext("Another participant")
        seen.add(owner.participant)
        said = _wording(Group([point]), chapters, lang)
        also.append(_said(lead, *said, lang))
    main = _said(attribution(sources, chapters.names, lang), body, note, language, lang)
    return Point(
        number=counter.next(),
        lead=main.lead,
        body=main.body,
        language_note=main.language_note,
        sources=tuple([links[n] for n in at]),
        language=language,
        also=tuple(also),
    )


def _wording(group: Group, chapters: _Chapters, lang: str) -> tuple[Rich, str | None, str]:
    """The words a group's point prints, their note and their language."""
    shown, wording = shown_point(group, lang, chapters.is_hidden)
    # An anonymised point is never marked with its language: it narrows down who wrote it.
    # Another's is, and so is a machine draft.
    note = None if chapters.is_hidden(shown) else wording_note(wording, lang)
    return wording.body, note, wording.language or lang


def _said(lead: str, body: Rich, note: str | None, language: str, lang: str) -> Said:
    return Said(
        lead=typesetting.text(lead, lang),
        body=typesetting.rich(body, language),
        language_note=None if note is None else typesetting.text(note, lang),
        language=language,
    )


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
        key_findings=_("Key findings"),
        see=_("see"),
        and_=_("and"),
    )


def _contents(labels: Labels, plans: Sequence[_Plan]) -> tuple[Entry, ...]:
    def entries() -> Iterator[Entry]:
        yield Entry("", labels.introduction, "introduction")
        yield Entry("", labels.key_findings, "key-findings")
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
