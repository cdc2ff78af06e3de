"""Characters no output may carry: what XML 1.0 and HTML forbid (controls other than tab, line
feed and carriage return; the C1 controls; non-characters) and what no database stores (NUL,
unpaired surrogates). Input holding them is refused; text stored before is cleaned on output."""

import re

_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(
        f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0x10000, 0x110000, 0x10000)
    )
    + "]"
)


def is_clean(text: str) -> bool:
    return _FORBIDDEN.search(text) is None


def cleaned(text: str) -> str:
    """The text without its forbidden characters."""
    return _FORBIDDEN.sub("", text)
