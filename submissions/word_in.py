"""A filled contribution template (.docx) read back into the practice form's values.

mammoth reads the Word file into HTML; its headings say which field the text below them fills.
Nothing is saved here: the values open in the form for the delegation to check.
"""

import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from typing import Any

from norms.codes import canonical
from norms.errors import Invalid
from submissions.word_out import N_, REQUIRED

MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED = 100 * 1024 * 1024  # a 10 MB Word file unpacks to far less; more is a zip bomb
MAX_MEMBERS = 2000
NOT_DOCX = N_("This file is not a Word document (.docx). Save it as .docx and try again.")
ENCRYPTED = N_(
    "This Word document is protected by a password. Save a copy without one and try again."
)
TOO_LARGE = N_("This file is larger than 10 MB. Remove large images and try again.")
BOMB = N_("This file unpacks to far more than a Word document should. It was not read.")
MISSING = N_(
    "The document has no “{heading}” section. Start from the Normbook template and keep its headings."
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx and old .doc are OLE compound files


@dataclass
class Imported:
    values: dict[str, Any]
    ignored: list[str] = field(default_factory=list)  # lines of choice sections not recognised


def check(data: bytes) -> None:
    """Refuse, with a message for people, what is not a plain .docx of reasonable size."""
    if len(data) > MAX_BYTES:
        raise Invalid("document", TOO_LARGE)
    if data.startswith(_OLE):
        raise Invalid("document", ENCRYPTED)
    if not data.startswith(b"PK"):
        raise Invalid("document", NOT_DOCX)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
            if "word/document.xml" not in {m.filename for m in members}:
                raise Invalid("document", NOT_DOCX)
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
                raise Invalid("document", BOMB)
    except zipfile.BadZipFile as error:
        raise Invalid("document", NOT_DOCX) from error


def read(
    data: bytes, headings: dict[str, tuple[str, str]], choices: dict[str, dict[str, str]]
) -> tuple[Imported, list[str]]:
    """The form's values, and the fields of REQUIRED that have no section. `headings` maps a
    heading (folded) to its field and language; `choices` maps, per field, a label or code
    (folded) to a value. The practice's language is the one its headings are written in."""
    check(data)
    import mammoth  # imported when a file is read, not at start-up

    try:
        html = mammoth.convert_to_html(BytesIO(data)).value
    except Exception as error:  # mammoth raises many kinds on a malformed document
        raise Invalid("document", NOT_DOCX) from error
    sections, langs = _sections(html, headings)
    missing = [name for name in REQUIRED if name not in sections]
    imported = Imported({"norms": [], "themes": []})
    for name, blocks in sections.items():
        _fill(imported, name, blocks, choices)
    imported.values["language"] = max(set(langs), key=langs.count) if langs else "en"
    return imported, missing


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(":").strip().casefold()


def _fill(
    imported: Imported, name: str, blocks: list["Block"], choices: dict[str, dict[str, str]]
) -> None:
    lines = [b.text for b in blocks if b.text]
    values = imported.values
    if name in ("body", "best_practices", "lessons_learned"):
        values[name] = "\n\n".join(_markdown(b) for b in _grouped(blocks))
    elif name == "norms":
        for line in lines:
            code = _norm(line)
            if code and code not in values["norms"]:
                values["norms"].append(code)
            elif code is None:
                imported.ignored.append(line)
    elif name == "references":
        values[name] = "\n".join(
            f"{b.text} | {b.link}" if b.link and "|" not in b.text else b.text
            for b in blocks
            if b.text
        )
    elif name in choices:
        found = [choices[name][fold(line)] for line in lines if fold(line) in choices[name]]
        imported.ignored += [line for line in lines if fold(line) not in choices[name]]
        if name == "themes":
            values[name] = list(dict.fromkeys(found))
        elif found:
            values[name] = found[0]
    else:
        values[name] = " ".join(lines) if name in ("title", "lead_agency") else "\n".join(lines)


def _norm(line: str) -> str | None:
    match = re.match(r"\s*(13\s*\(?\s*[a-kA-K]\s*\)?)", line)
    return canonical(re.sub(r"\s", "", match.group(1))) if match else None


@dataclass
class Block:
    kind: str  # p, li-ul, li-ol, h
    text: str = ""
    markdown: str = ""
    link: str = ""


def _grouped(blocks: list[Block]) -> list[list[Block]]:
    """Consecutive list items form one Markdown list; each paragraph stands alone."""
    groups: list[list[Block]] = []
    for block in blocks:
        if groups and block.kind.startswith("li") and groups[-1][-1].kind == block.kind:
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def _markdown(group: list[Block]) -> str:
    if group[0].kind == "li-ul":
        return "\n".join(f"- {b.markdown}" for b in group)
    if group[0].kind == "li-ol":
        return "\n".join(f"{n}. {b.markdown}" for n, b in enumerate(group, start=1))
    return group[0].markdown


def _sections(
    html: str, headings: dict[str, tuple[str, str]]
) -> tuple[dict[str, list[Block]], list[str]]:
    parser = _Blocks()
    parser.feed(html)
    sections: dict[str, list[Block]] = {}
    langs: list[str] = []
    current: str | None = None
    for block in parser.blocks:
        if block.kind == "h" and fold(block.text) in headings:
            current, lang = headings[fold(block.text)]
            langs.append(lang)
            sections.setdefault(current, [])
        elif current is not None and not _is_guidance(block.text):
            sections[current].append(block)
    return sections, langs


def _is_guidance(text: str) -> bool:
    stripped = text.strip()
    return stripped.startswith("[") and stripped.endswith("]")


class _Blocks(HTMLParser):
    """mammoth's HTML (p, h1-h6, ul/ol/li, strong, em, a) as blocks of text and Markdown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[str] = []
        self.block: Block | None = None
        self.href = ""
        self.link_start = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag in ("p", "li") or re.fullmatch(r"h[1-6]", tag):
            kind = (
                "h"
                if tag.startswith("h")
                else (f"li-{self.lists[-1]}" if tag == "li" and self.lists else "p")
            )
            self._close()
            self.block = Block(kind)
        elif self.block is not None and tag in ("strong", "b"):
            self.block.markdown += "**"
        elif self.block is not None and tag == "a":
            self.href = dict(attrs).get("href") or ""
            self.block.link = self.block.link or self.href
            self.link_start = len(self.block.markdown)
        elif self.block is not None and tag == "br":
            self.block.markdown += " "
            self.block.text += " "

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self._close()
            self.lists.pop()
        elif tag in ("p", "li") or re.fullmatch(r"h[1-6]", tag):
            self._close()
        elif self.block is not None and tag in ("strong", "b"):
            self.block.markdown += "**"
        elif self.block is not None and tag == "a" and self.href.startswith("http"):
            start, text = self.link_start, self.block.markdown
            self.block.markdown = f"{text[:start]}[{text[start:]}]({self.href})"

    def handle_data(self, data: str) -> None:
        if self.block is None:
            self.block = Block("p")
        self.block.text += data
        self.block.markdown += data

    def _close(self) -> None:
        if self.block is not None and self.block.text.strip():
            self.block.text = self.block.text.strip()
            self.block.markdown = self.block.markdown.strip().replace("****", "")
            self.blocks.append(self.block)
        self.block = None
