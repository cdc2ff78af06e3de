"""Word files written for delegations: the contribution template, and a practice as .docx."""

import re
from collections.abc import Callable, Sequence
from io import BytesIO
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

Gettext = Callable[[str], str]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def N_(message: str) -> str:
    """Mark a message for extraction (web/babel.cfg reads this file)."""
    return message


# The template's sections, in order: field, heading, guidance. The headings are what the import
# reads back, in either language.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("title", N_("Title"), N_("One line, up to 300 characters.")),
    ("summary", N_("Summary"), N_("Two or three sentences, shown in lists and search results.")),
    (
        "norms",
        N_("Norms"),
        N_("Keep the lines of the norms this practice serves; delete the others."),
    ),
    (
        "body",
        N_("Description"),
        N_("What was done, by whom, and how. Lists and bold text are kept."),
    ),
    ("best_practices", N_("Best practices"), N_("What worked and could help others.")),
    ("lessons_learned", N_("Lessons learned"), N_("What you would do differently.")),
    ("themes", N_("Themes"), N_("Keep the lines of the themes that apply; delete the others.")),
    ("practice_type", N_("Type of practice"), N_("Keep one line.")),
    ("level", N_("Level"), N_("Keep one line.")),
    ("implementation_status", N_("Implementation status"), N_("Keep one line.")),
    ("period_start", N_("Start of the period"), N_("A date such as 2024-03-31, or nothing.")),
    ("period_end", N_("End of the period"), N_("A date such as 2024-12-31, or nothing.")),
    ("lead_agency", N_("Lead agency"), N_("The body in charge.")),
    (
        "references",
        N_("References"),
        N_("One per line: a title, a vertical bar |, then the web address."),
    ),
    ("attribution", N_("Attribution"), N_("Keep one line.")),
    ("contact", N_("Contact (private)"), N_("Seen only by your delegation and the presidency.")),
)
REQUIRED = ("title", "summary", "norms")
CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    "practice_type": (
        ("law", N_("Law")),
        ("strategy", N_("Strategy")),
        ("institution", N_("Institution")),
        ("procedure", N_("Procedure")),
        ("programme", N_("Programme")),
        ("exercise", N_("Exercise")),
        ("agreement", N_("Agreement")),
    ),
    "level": (
        ("national", N_("National")),
        ("bilateral", N_("Bilateral")),
        ("regional", N_("Regional")),
        ("multilateral", N_("Multilateral")),
    ),
    "implementation_status": (
        ("planned", N_("Planned")),
        ("in_progress", N_("In progress")),
        ("implemented", N_("Implemented")),
        ("evaluated", N_("Evaluated")),
    ),
    "attribution": (("attributed", N_("Attributed")), ("anonymised", N_("Anonymised"))),
}
INTRO = N_(
    "Normbook contribution. Write under each heading and keep the headings as they are. "
    "Text in square brackets is guidance: it is left out when the file is brought in."
)


def template(
    gettext: Gettext, norms: Sequence[tuple[str, str]], themes: Sequence[tuple[str, str]]
) -> bytes:
    """The contribution template in one language; `norms` and `themes` are (label, name) pairs."""
    word = _new_document()
    word.core_properties.title = gettext("Normbook contribution")
    word.add_paragraph(gettext(INTRO)).runs[0].italic = True
    for field, heading, guidance in SECTIONS:
        word.add_heading(gettext(heading), level=1)
        word.add_paragraph(f"[{gettext(guidance)}]").runs[0].italic = True
        lines: Sequence[str] = ()
        if field == "norms":
            lines = [f"{code} {name}" for code, name in norms]
        elif field == "themes":
            lines = [name for _, name in themes]
        elif field in CHOICES:
            lines = [gettext(label) for _, label in CHOICES[field]]
        for line in lines:
            word.add_paragraph(line, style="List Bullet")
    return _saved(word)


def practice(
    item: Any, gettext: Gettext, norm_names: dict[str, str], themes: dict[str, str]
) -> bytes:
    """One practice as the public reads it, in the same sections as the template."""
    word = _new_document()
    word.core_properties.title = item.title
    word.core_properties.language = item.language
    word.add_heading(item.title, level=0)
    word.add_paragraph(item.summary)
    _list(word, gettext("Norms"), [norm_names.get(code, code) for code in item.norms])
    for field, heading in (
        ("body", N_("Description")),
        ("best_practices", N_("Best practices")),
        ("lessons_learned", N_("Lessons learned")),
    ):
        if getattr(item, field):
            word.add_heading(gettext(heading), level=1)
            _markdown(word, getattr(item, field))
    _list(word, gettext("Themes"), [themes.get(code, code) for code in item.themes])
    facts = [
        (gettext(heading), gettext(dict(CHOICES[field])[value]))
        for field, heading, _ in SECTIONS
        if field in CHOICES and (value := getattr(item, field, None))
    ]
    if item.lead_agency:
        facts.append((gettext("Lead agency"), item.lead_agency))
    if item.period_start or item.period_end:
        facts.append((gettext("Period"), f"{item.period_start or ''} – {item.period_end or ''}"))
    _list(word, gettext("About this practice"), [f"{name}: {value}" for name, value in facts])
    _list(word, gettext("References"), [f"{r.title}: {r.url}" for r in item.references])
    return _saved(word)


def _new_document() -> "DocxDocument":
    import docx  # imported when a file is written: it takes longer to import than the app to start

    return docx.Document()


def _list(word: "DocxDocument", heading: str, lines: Sequence[str]) -> None:
    if lines:
        word.add_heading(heading, level=1)
        for line in lines:
            word.add_paragraph(line, style="List Bullet")


_INLINE = re.compile(r"\*\*(.+?)\*\*|\[([^\]]+)\]\(([^)]+)\)")


def _markdown(word: "DocxDocument", text: str) -> None:
    """The Markdown the form accepts (paragraphs, - and 1. lists, **bold**, links) as Word text."""
    for block in re.split(r"\n\s*\n", text.strip()):
        for line in block.splitlines() if re.match(r"\s*([-*]|\d+\.)\s", block) else [block]:
            bullet = re.match(r"\s*([-*]|\d+\.)\s+(.*)", line)
            style = None
            if bullet:
                style = "List Number" if bullet.group(1)[0].isdigit() else "List Bullet"
                line = bullet.group(2)
            paragraph = word.add_paragraph(style=style)
            position = 0
            for match in _INLINE.finditer(line):
                paragraph.add_run(line[position : match.start()])
                if match.group(1):
                    paragraph.add_run(match.group(1)).bold = True
                else:
                    paragraph.add_run(f"{match.group(2)} ({match.group(3)})")
                position = match.end()
            paragraph.add_run(line[position:].replace("\n", " "))


def _saved(word: "DocxDocument") -> bytes:
    out = BytesIO()
    word.save(out)
    return out.getvalue()
