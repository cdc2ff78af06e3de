"""The two languages of the repository, and picking the right column for one."""

from enum import StrEnum
from typing import Any


class Lang(StrEnum):
    en = "en"
    fr = "fr"


DEFAULT_LANG = Lang.en


def parse_lang(value: str | None) -> Lang | None:
    """A supported language from a tag like `fr`, `fr-CA` or `FR`; None if unsupported."""
    if not value:
        return None
    primary = value.strip().lower().replace("_", "-").split("-")[0]
    return Lang(primary) if primary in Lang.__members__ else None


def pick(record: Any, field: str, lang: Lang | str) -> str:
    """The `field_<lang>` text of a bilingual record, falling back to English when empty."""
    text: str = getattr(record, f"{field}_{lang}", "") or ""
    return text or getattr(record, f"{field}_{DEFAULT_LANG}", "") or ""
