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
# Tried in order, the longest first: what the stemmers take off that matters for highlighting.
_SUFFIXES: tuple[str, ...] = ("ations", "ation", "ings", "ing", "ers", "ies", "ied", "er", "re")
_SUFFIXES += ("ed", "es", "s", "e", "y")
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
        if len(lowered) == len(base) == 1 and base.isascii() and lowered not in group:
            letters[base] = group + lowered
    return letters


_ACCENTS = _accents()
_BARE = {ord(accented): base for base, group in _ACCENTS.items() for accented in group[1:]}


def _letter(bare: str) -> str:
    """What a character class holds to find a lower-case letter with or without its accents."""
    return _ACCENTS.get(bare, re.escape(bare))


def lower(text: str) -> str:
    """Lower case, one character for one, so that places in it are places in the text."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _root(term: str) -> str:
    """The term without an inflection, so that the words the stemmed index matched are found."""
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 4:
            return term[: -len(suffix)]
    return term


@lru_cache(maxsize=1024)
def pattern(words: str) -> re.Pattern[str] | None:
    """What finds the terms in `lower` text: one group per term, each the start of a word, the
    last a prefix (as the full-text query reads them); None when there is nothing to look for.

    It starts with the class of the terms' first letters, so that the regex engine skips to the
    next one (two and a half times faster than checking where words start at every character).
    """
    found = list(dict.fromkeys(term.lower().translate(_BARE) for term in terms(words)))
    if not found:
        return None
    firsts, branches = "", []
    for index, term in enumerate(found):
        root = _root(term)
        last = index == len(found) - 1
        tail = r"\w*" if last else rf"\w{{0,{len(term) - len(root) + _TAIL}}}(?!\w)"
        rest = "".join(f"[{_letter(c)}]" for c in root[1:])
        firsts += _letter(root[0])
        branches.append(f"(?<=[{_letter(root[0])}])({rest}{tail})")
    # After the first letter: the character before it does not belong to a word.
    return re.compile(f"[{firsts}](?<!\\w.)(?:" + "|".join(branches) + ")")


def extract(words: str, texts: Sequence[str | None]) -> str | None:
    """The window of the plain `texts` (the first of equals, in order) holding the most different
    terms, then the most words found (the first holding every term), with each word found between
    MARK_START and MARK_END; None if no text holds any."""
    finder = pattern(words)
    if finder is None:
        return None
    best: tuple[tuple[int, int], int] = ((0, 0), 0)
    chosen: str | None = None
    for text in texts:
        if text and (found := _best(finder, text))[0] > best[0]:
            best, chosen = found, text
            if best[0][0] == finder.groups:  # every term in one window: the later texts are longer
                break
    if chosen is None:
        return None
    # Only the lines around the best window are made plain: a body may be long.
    at = best[1]
    start = chosen.rfind("\n", 0, max(0, at - BEFORE)) + 1
    end = chosen.find("\n", at + WIDTH)
    shown = plain(chosen[start : end if end >= 0 else len(chosen)])
    score, first = _best(finder, shown)
    return _window(finder, shown, first) if score[0] else None  # None: only in a link's target


def _best(finder: re.Pattern[str], text: str) -> tuple[tuple[int, int], int]:
    """The score of the best window of `text` (different terms, then words found) and where the
    first word found in it starts."""
    starts = [(m.start(), m.lastindex or 0) for m in finder.finditer(lower(text))][:_MOST]
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
    for found in finder.finditer(lower(part)):
        pieces += [
            part[done : found.start()],
            MARK_START,
            part[found.start() : found.end()],
            MARK_END,
        ]
        done = found.end()
    pieces.append(part[done:])
    return ("… " if start else "") + "".join(pieces) + (" …" if end < len(text) else "")


def summary(text: str | None) -> str:
    """The start of a summary, for a practice found by meaning alone."""
    words = plain(text or "").split()
    return " ".join(words[:_SUMMARY_WORDS]) + (" …" if len(words) > _SUMMARY_WORDS else "")
