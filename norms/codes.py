"""Norm codes: stored as `13a`..`13k`, displayed as `13(a)`, accepted in every form people cite."""

import re

LETTERS = "abcdefghijk"
CODES = tuple(f"13{letter}" for letter in LETTERS)

_ALIAS = re.compile(
    r"^\s*(?:§\s*)?(?:(?:norm|norme)\s*)?(?:13\s*)?\(?\s*(?P<letter>[a-k])\s*\)?\s*$"
    r"|^\s*(?:norm|norme)\s*(?P<number>\d{1,2})\s*$",
    re.IGNORECASE,
)


def canonical(value: str) -> str | None:
    """`13a` for `13a`, `13(a)`, `A`, `norm a`, `norm 1`, `§13(a)`; None for anything else."""
    match = _ALIAS.match(value or "")
    if not match:
        return None
    if match.group("letter"):
        return f"13{match.group('letter').lower()}"
    number = int(match.group("number"))
    return CODES[number - 1] if 1 <= number <= len(CODES) else None


def display(code: str) -> str:
    """`13(a)` for `13a`."""
    return f"{code[:-1]}({code[-1]})"


def version_number(text: str) -> int | None:
    """A version as a client sends it back (If-Match, a form's hidden field): ASCII digits that
    fit a database integer, else None. `str.isdigit` also accepts '²' and 5,000-digit numbers."""
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    return int(text)
