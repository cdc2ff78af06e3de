"""Characters no output may carry: what XML 1.0 and HTML forbid (controls other than tab, line
feed and carriage return; the C1 controls; non-characters) and what no database stores (NUL,
unpaired surrogates). Input holding them is refused; text stored before is cleaned on output."""

import re

_BELOW_FFFF = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
_FORBIDDEN = re.compile(
    f"[{_BELOW_FFFF}"
    + "".join(
        f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0x10000, 0x110000, 0x10000)
    )
    + "]"
)
# Searched first: a class of the astral non-characters one by one is ten times slower to search
# than these two ranges, and most text holds nothing above U+FFFF.
_FORBIDDEN_BELOW_FFFF = re.compile(f"[{_BELOW_FFFF}]")
_ABOVE_FFFF = re.compile("[\U00010000-\U0010ffff]")


def is_clean(text: str) -> bool:
    if _FORBIDDEN_BELOW_FFFF.search(text) is not None:
        return False
    return _ABOVE_FFFF.search(text) is None or _FORBIDDEN.search(text) is None


def cleaned(text: str) -> str:
    """The text without its forbidden characters."""
    return text if is_clean(text) else _FORBIDDEN.sub("", text)
