"""Word-level differences between two texts, as escaped HTML with <del> and <ins>."""

import difflib
import re

from markupsafe import Markup, escape

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def inline(old: str, new: str) -> Markup:
    before, after = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    parts: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in {"replace", "delete"}:
            parts.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if op in {"replace", "insert"}:
            parts.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
        if op == "equal":
            parts.append(str(escape("".join(before[a1:a2]))))
    return Markup("".join(parts))


def changes(old: dict[str, str], new: dict[str, str]) -> list[tuple[str, Markup]]:
    """(field, inline diff) for every field whose text differs."""
    return [
        (name, inline(old.get(name, ""), new.get(name, "")))
        for name in new
        if (old.get(name) or "") != (new.get(name) or "")
    ]
