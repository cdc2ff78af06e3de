"""What changed between a practice's published revision and the one under review, as a reader sees it."""

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from submissions.schemas import SubmissionRead
from web import diffs

# Tags, then words, then spaces, then single signs: the rendered HTML as tokens to compare.
_HTML_TOKEN = re.compile(r"<[^>]+>|&[#\w]+;|\w+|\s+|[^\w\s<&]", re.UNICODE)
TEXT_FIELDS = ("title", "summary", "lead_agency", "contact", "cycle")
RICH_FIELDS = ("body", "best_practices", "lessons_learned")
CHOICE_FIELDS = ("language", "practice_type", "level", "implementation_status", "attribution")
DATE_FIELDS = ("period_start", "period_end")


@dataclass
class Change:
    """One field that differs: `kind` says how the template shows it."""

    name: str
    kind: str  # text, rich, choice, set
    html: Markup = field(default_factory=Markup)
    old: Any = None
    new: Any = None
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def rich(old_html: str, new_html: str) -> Markup:
    """The new HTML with the words that changed marked: the structure is the new version's, words
    removed from the old are shown struck through where they were. Both sides come sanitised."""
    before, after = _HTML_TOKEN.findall(old_html or ""), _HTML_TOKEN.findall(new_html or "")
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    parts: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.extend(after[b1:b2])
            continue
        removed = "".join(t for t in before[a1:a2] if not t.startswith("<"))
        if removed.strip():
            parts.append(f"<del>{removed}</del>")
        parts.extend(_marked(after[b1:b2]))
    return Markup("".join(parts))


def _marked(tokens: list[str]) -> list[str]:
    """Inserted tokens: tags as they are, runs of text inside <ins>."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, "<>"]:
        if token.startswith("<"):
            text = "".join(run)
            out.append(f"<ins>{text}</ins>" if text.strip() else text)
            run = []
            if token != "<>":
                out.append(token)
        else:
            run.append(token)
    return out


def changes(
    before: SubmissionRead,
    after: SubmissionRead,
    norm_names: dict[str, str],
    theme_names: dict[str, str],
) -> list[Change]:
    """Only the fields that differ, in the order the practice page shows them; norms, themes and
    references compare as sets, so that a reordering is no change."""
    found: list[Change] = []
    for name in ("title", "summary"):
        _text(found, name, before, after)
    _set(found, "norms", before.norms, after.norms, norm_names)
    for name in RICH_FIELDS:
        old, new = getattr(before, f"{name}_html"), getattr(after, f"{name}_html")
        if old != new:
            found.append(Change(name, "rich", rich(old, new)))
    _set(found, "themes", before.themes, after.themes, theme_names)
    for name in (*CHOICE_FIELDS, *DATE_FIELDS):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            found.append(Change(name, "choice", old=old, new=new))
    for name in ("lead_agency", "cycle", "contact"):
        _text(found, name, before, after)
    refs_before = {f"{r.title} ({r.url})" for r in before.references}
    refs_after = {f"{r.title} ({r.url})" for r in after.references}
    if refs_before != refs_after:
        found.append(
            Change(
                "references",
                "set",
                removed=sorted(refs_before - refs_after),
                added=sorted(refs_after - refs_before),
            )
        )
    return found


def _text(found: list[Change], name: str, before: SubmissionRead, after: SubmissionRead) -> None:
    old, new = getattr(before, name) or "", getattr(after, name) or ""
    if old != new:
        found.append(Change(name, "text", diffs.inline(old, new)))


def _set(
    found: list[Change], name: str, old: list[str], new: list[str], names: dict[str, str]
) -> None:
    if set(old) != set(new):
        removed = [names.get(code, code) for code in old if code not in new]
        added = [names.get(code, code) for code in new if code not in old]
        found.append(Change(name, "set", removed=removed, added=added))
