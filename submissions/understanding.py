"""What a search query names: participants (names and codes, English or French) and norms (every
form people cite), told apart from the words to look for in the practices' text."""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from norms.codes import canonical
from norms.participants import all_participants

# `13(c)`, `13c`, `§13 c`, `norm c`, `norme 3`: a bare letter is a word, not a norm.
_NORM = re.compile(
    r"(?<!\w)(?:§\s*)?(?:13\s*\(\s*[a-k]\s*\)|13\s?[a-k]|norme?s?\s+(?:[a-k]|\d{1,2}))(?!\w)",
    re.IGNORECASE,
)
# Codes count only as typed in capitals: `CAN`, `EST` and `PER` are words too.
_CODE = re.compile(r"(?<!\w)[A-Z]{2,3}(?!\w)")
_SEPARATORS = re.compile(r"[\s'’\-.,;:!?()\"«»]+")
_ALIASES = {"UK": "GBR", "US": "USA", "ÉTATS-UNIS": "USA", "UNION": "EU"}


@dataclass(frozen=True)
class Understood:
    participants: tuple[str, ...] = ()
    norms: tuple[str, ...] = ()
    words: str = ""  # what is left to search for in the text
    spans: tuple[str, ...] = field(default=(), compare=False)  # the recognised parts, as typed

    @property
    def is_only_names(self) -> bool:
        """The whole query names participants or norms, and nothing else."""
        return bool(self.participants or self.norms) and not _fold(self.words).strip()


def fold(text: str) -> str:
    """Lower case, accents and apostrophes gone, one space between words."""
    return " ".join(_SEPARATORS.split(_fold(text))).strip()


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _names() -> dict[str, str]:
    """Folded name (English or French) -> participant code."""
    names: dict[str, str] = {}
    for record in all_participants():
        for name in (record.name_en, record.name_fr):
            names.setdefault(fold(name), record.code)
    names.update({"etats unis": "USA", "united states of america": "USA", "union europeenne": "EU"})
    return names


@cache
def _codes() -> frozenset[str]:
    return frozenset(record.code for record in all_participants())


@cache
def _longest_name() -> int:
    return max(len(name.split()) for name in _names())


def understand(query: str) -> Understood:
    """The participants and norms a query names, and the rest of its words."""
    norms: list[str] = []
    spans: list[str] = []
    for found in _NORM.finditer(query):
        code = canonical(re.sub(r"^§\s*", "", found.group(0)).replace(" ", " "))
        if code and code not in norms:
            norms.append(code)
            spans.append(found.group(0))
    rest = _NORM.sub(" ", query)
    participants: list[str] = []
    for found in _CODE.finditer(rest):
        code = _ALIASES.get(found.group(0), found.group(0))
        if code in _codes() and code not in participants:
            participants.append(code)
            spans.append(found.group(0))
    rest = _CODE.sub(lambda m: " " if _ALIASES.get(m[0], m[0]) in _codes() else m[0], rest)
    typed = [w for w in _SEPARATORS.split(rest) if w]
    words = [fold(w) for w in typed]
    kept: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_longest_name(), len(words) - i), 0, -1):
            code = _names().get(" ".join(words[i : i + size]))
            if code is not None:
                if code not in participants:
                    participants.append(code)
                spans.append(" ".join(words[i : i + size]))
                i += size
                break
        else:
            kept.append(typed[i])
            i += 1
    return Understood(tuple(participants), tuple(norms), " ".join(kept), tuple(spans))
