"""The synthesis as plain data, in one language, ready for any renderer. No I/O here."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True, slots=True)
class Rich:
    """One piece of text as sanitised HTML, Markdown and plain text."""

    html: str
    markdown: str
    text: str

    @classmethod
    def plain(cls, text: str) -> "Rich":
        return cls(html=escape(text, quote=False), markdown=escape_markdown(text), text=text)


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that reads as the same text."""
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text


@dataclass(frozen=True, slots=True)
class Link:
    """A practice the report cites: permanent link, and its participant unless anonymised."""

    submission_id: int
    title: str
    base_url: str
    participant: str | None
    language_note: str | None
    norms: tuple[str, ...]
    language: str = ""  # the practice's: its title is in it

    @property
    def url(self) -> str:
        return f"{self.base_url}/practices/{self.submission_id}"


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int
    body: Rich

    @property
    def anchor(self) -> str:
        return f"p{self.number}"


@dataclass(frozen=True, slots=True)
class Point:
    """A consolidated point: who said it, what, in which language, and the practices it cites."""

    number: int
    lead: str
    body: Rich
    language_note: str | None
    sources: tuple[Link, ...]
    language: str = ""  # the language the body is written in
    # Points of the group printed in their own words after it, each with who made it
    # (`Group.aside`): their participants are not credited with the group's words.
    also: "tuple[Said, ...]" = ()

    @property
    def anchor(self) -> str:
        return f"p{self.number}"

    @property
    def said(self) -> "tuple[Point | Said, ...]":
        """Who said what, in print order: the group's wording, then the points set apart."""
        return (self, *self.also)


@dataclass(frozen=True, slots=True)
class Said:
    """One point of a group printed in its own words: who made it, what, in which language."""

    lead: str
    body: Rich
    language_note: str | None
    language: str = ""


# About a third of a page: kept whole, such a list moves at most that to the next page.
PRACTICES_KEPT_WHOLE = 12


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Chapter:
    number: int
    code: str
    heading: str
    reference: str
    norm_text: str
    framing: tuple[Paragraph, ...]
    overview: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    practices: tuple[Link, ...]
    see: Mapping[int, tuple[int, ...]]
    """Per practice drawn on, the paragraphs of its points printed in other chapters."""
    empty_note: str | None
    norm_text_label: str = ""  # "Official text", or "Summary" for the project's own wording
    norm_source_url: str = ""  # the UN document the reference cites

    @property
    def anchor(self) -> str:
        return f"norm-{self.code}"

    @property
    def keeps_practices_whole(self) -> bool:
        """Whether print keeps the practices drawn on whole with their heading, never one left
        alone on a page: only a short list, a longer one would leave the rest of a page blank."""
        return len(self.practices) <= PRACTICES_KEPT_WHOLE


@dataclass(frozen=True, slots=True)
class Entry:
    """A table-of-contents line."""

    label: str
    title: str
    anchor: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Table:
    """Contributions per participant (rows) and norm (columns); the last row is the total."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...], int], ...]


@dataclass(frozen=True, slots=True)
class Labels:
    contents: str
    introduction: str
    best_practices: str
    lessons_learned: str
    practices_drawn_on: str
    way_forward: str
    annex: str
    annex_table: str
    annex_practices: str
    participant: str
    practices: str
    reference: str
    colon: str
    page: str
    not_attributed: str
    anonymised: str
    key_findings: str
    see: str
    and_: str


@dataclass(frozen=True, slots=True)
class Document:
    lang: str
    title: str
    subtitle: str
    initiative: str
    presidency: str | None
    date: str
    issued: datetime.date  # the same day, for the files' own metadata
    draft_note: str | None
    labels: Labels
    contents: tuple[Entry, ...]
    introduction: tuple[Paragraph, ...]
    key_findings: tuple[Paragraph, ...]
    chapters: Iterable[Chapter]  # composed chapter by chapter as it is iterated
    way_forward: tuple[Paragraph, ...]
    table: Table
    practices: tuple[Link, ...]
