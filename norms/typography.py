"""French typography, one pass used by every French output (pages, reports, generated texts).

Narrow no-break space before ; ! ? and inside « », no-break space before :, typographic
apostrophe, "1er" for the first of a month, "13 a)" for a norm's paragraph, thin spaces in
numbers of five digits or more. URLs, e-mail addresses, code, Markdown link targets, HTML tags and
entities are left as they are, and text already set is left unchanged.
"""

import re
from collections.abc import Callable
from functools import lru_cache

NNBSP = "\u202f"  # espace fine insécable
NBSP = "\u00a0"  # espace insécable
_SPACE = "[ \t\u00a0\u202f]"
_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"

# What the pass never touches: code, URLs, addresses, Markdown link targets and autolinks, entities.
_PROTECTED = re.compile(
    r"`+[^`]*`+"
    r"|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"
    r"|<(?:https?|mailto):[^>\s]*>"
    r"|\b(?:https?|ftp|mailto|urn|doi):[^\s<>\"»]*[^\s<>\"».,;:!?)\]]"
    r"|\bwww\.[^\s<>\"»]*[^\s<>\"».,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|&(?:#\d+|#x[0-9A-Fa-f]+|\w+);",
)

_RULES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # « guillemets » hold narrow no-break spaces on their inner side
    (re.compile(rf"«{_SPACE}*"), "«" + NNBSP),
    (re.compile(rf"{_SPACE}*»"), NNBSP + "»"),
    # ; ! ? after a word or closing sign, before a space, another sign or the end
    (re.compile(rf"(?<=[\w)\]»’%]){_SPACE}?([;!?]+)(?=[\s\"»)\]]|$)"), NNBSP + r"\1"),
    # : after a word, before a space or the end (never 10:30 nor a URL's scheme)
    (re.compile(rf"(?<=[\w)\]»’%]){_SPACE}?:(?=\s|$)"), NBSP + ":"),
    # l'État, aujourd'hui
    (re.compile(r"(?<=\w)'(?=\w)"), "’"),
    # the first of a month
    (re.compile(rf"\b1{_SPACE}+(?=(?:{_MONTHS})\b)"), "1er" + NBSP),
    # §13(a) -> § 13 a), 13(a) -> 13 a)
    (re.compile(r"§\s*13\s*\(([a-k])\)"), "§" + NBSP + "13" + NBSP + r"\1)"),
    (re.compile(r"(?<![\w/.#-])13\(([a-k])\)"), "13" + NBSP + r"\1)"),
    # 10000 -> 10 000 (not a year, an identifier, a part of a path or a decimal)
    (re.compile(r"(?<![\w/#.,:-])\d{5,}(?![\w/.,:-]?\d|[\w/])"), lambda m: _thousands(m[0])),
)


def _thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NNBSP.join(groups)


# Every rule above needs one of these characters: a text without any is left as it is.
_TRIGGERS = re.compile(r"[«»;!?:'\d]")


def french(text: str) -> str:
    """Plain text or Markdown set in French typography."""
    if not text or not _TRIGGERS.search(text):
        return text
    out: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(text):
        out.append(_set(text[last : match.start()]))
        out.append(match[0])
        last = match.end()
    out.append(_set(text[last:]))
    return "".join(out)


def _set(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


# Elements whose text is not prose: left alone with everything inside them.
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "var"})
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][\w-]*)[^>]*?(/?)>|<![^>]*>", re.DOTALL)


def french_html(html: str) -> str:
    """HTML with the text of its elements set in French typography: tags, attributes and the
    content of code, pre, script, style and textarea are left as they are."""
    if not html or not _TRIGGERS.search(html):  # then no text between its tags has any either
        return html
    out: list[str] = []
    verbatim: list[str] = []
    last = 0
    for match in _TAG.finditer(html):
        text = html[last : match.start()]
        out.append(text if verbatim else french(text))
        out.append(match[0])
        last = match.end()
        closing, name, selfclosing = match[1], (match[2] or "").lower(), match[3]
        if name in _VERBATIM and not selfclosing:
            if not closing:
                verbatim.append(name)
            elif verbatim and verbatim[-1] == name:
                verbatim.pop()
    tail = html[last:]
    out.append(tail if verbatim else french(tail))
    return "".join(out)


@lru_cache(maxsize=8192)
def french_cached(text: str) -> str:
    """`french` for short strings met again and again (names, labels, leads)."""
    return french(text)
