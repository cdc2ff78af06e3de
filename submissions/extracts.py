"""Highlighted extracts of a practice's plain text for a search's words, made in Python from the
text a page reads anyway: the same on SQLite and PostgreSQL, and cheaper than the database's
snippet functions, which tokenise every matching document again."""

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from submissions.markdown import plain
from submissions.search import terms

MARK_START, MARK_END = "\x02", "\x03"  # around each word found; the page turns them into <mark>

WIDTH = 180  # characters of an extract from its first word found: about 25 words
BEFORE = 40  # characters of context kept before that word, at most
_TAIL = 2  # letters a word found may add to a term that is not the last, beyond its inflection
_SUFFIXES = (
    "ations",
    "ation",
    "ings",
    "ing",
    "ers",
    "ies",
    "ied",
    "er",
    "re",
    "ed",
    "es",
    "s",
    "e",
    "y",
)
_SUMMARY_WORDS = 40
_MOST = 64  # words found in a field weighed as where an extract may start


def _accents() -> dict[str, str]:
    """Each unaccented lower-case letter with the accented letters the indexes take for it (both
    databases ignore accents): `e` -> `eéèêë…`."""
    letters: dict[str, str] = {}
    for point in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        lowered = chr(point).lower()
        base = "".join(
            c for c in unicodedata.normalize("NFD", lowered) if not unicodedata.combining(c)
        )
        group = letters.get(base, base)
        if len(base) == 1 and base.isascii() and lowered not in group:
            letters[base] = group + lowered
    return letters


_ACCENTS = _accents()
_BARE = {ord(accented): base for base, group in _ACCENTS.items() for accented in group[1:]}


def _letters(root: str) -> str:
    """The root as a pattern that finds it with or without accents (case is ignored apart)."""
    return "".join(
        f"[{_ACCENTS[c]}]" if c in _ACCENTS else re.escape(c) for c in root.translate(_BARE)
    )


def _root(term: str) -> str:
    """The term without an inflection, so that the words the stemmed index matched are found."""
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 4:
            return term[: -len(suffix)]
    return term


@lru_cache(maxsize=1024)
def pattern(words: str) -> re.Pattern[str] | None:
    """One group per term, every term matched as the start of a word, the last as a prefix (as
    the full-text query reads it); None when there is nothing to look for."""
    found = list(dict.fromkeys(term.lower().translate(_BARE) for term in terms(words)))
    if not found:
        return None
    parts = []
    for index, term in enumerate(found):
        root = _root(term)
        tail = (
            r"\w*" if index == len(found) - 1 else rf"\w{{0,{len(term) - len(root) + _TAIL}}}(?!\w)"
        )
        parts.append(f"({_letters(root)}{tail})")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


def extract(words: str, texts: Sequence[str | None]) -> str | None:
    """The window of the plain `texts` (the first of equals, in order) holding the most different
    terms, then the most words found, with each word found between MARK_START and MARK_END; None
    if no text holds any."""
    finder = pattern(words)
    if finder is None:
        return None
    best: tuple[tuple[int, int], int] = ((0, 0), 0)
    chosen: str | None = None
    for text in texts:
        if text and (found := _best(finder, text))[0] > best[0]:
            best, chosen = found, text
    if chosen is None:
        return None
    # Only the lines around the best window are made plain: a body may be long.
    at = best[1]
    start = chosen.rfind("\n", 0, max(0, at - BEFORE)) + 1
    end = chosen.find("\n", at + WIDTH)
    shown = plain(chosen[start : end if end >= 0 else len(chosen)])
    return _window(finder, shown, _best(finder, shown)[1])


def _best(finder: re.Pattern[str], text: str) -> tuple[tuple[int, int], int]:
    """The score of the best window of `text` (different terms, then words found) and where the
    first word found in it starts."""
    starts = [(m.start(), m.lastindex or 0) for m in finder.finditer(text)][:_MOST]
    best: tuple[tuple[int, int], int] = ((0, 0), 0)
    for index, (start, _) in enumerate(starts):
        inside = [group for at, group in starts[index:] if at < start + WIDTH]
        score = (len(set(inside)), len(inside))
        if score > best[0]:
            best = (score, start)
    return best


def _window(finder: re.Pattern[str], text: str, first: int) -> str:
    """The extract around the word found at `first`, cut between words, its words found marked."""
    space = text.find(" ", max(0, first - BEFORE), first)
    start = 0 if first <= BEFORE else space + 1 if space >= 0 else first
    end = text.rfind(" ", first, start + WIDTH) if start + WIDTH < len(text) else len(text)
    if end <= first:
        end = min(len(text), start + WIDTH)
    part = text[start:end]
    pieces, done = [], 0
    for found in finder.finditer(part):
        pieces += [part[done : found.start()], MARK_START, found.group(0), MARK_END]
        done = found.end()
    pieces.append(part[done:])
    return ("… " if start else "") + "".join(pieces) + (" …" if end < len(text) else "")


def summary(text: str | None) -> str:
    """The start of a summary, for a practice found by meaning alone."""
    words = plain(text or "").split()
    return " ".join(words[:_SUMMARY_WORDS]) + (" …" if len(words) > _SUMMARY_WORDS else "")
