"""Validation messages written for people, per field of a practice: English msgids, translated on pages."""

from collections.abc import Callable, Sequence
from typing import Any


def N_(message: str) -> str:
    """Mark a message for extraction (web/babel.cfg reads this file)."""
    return message


CHOOSE = N_("Choose one of the options.")
PERIOD_ORDER = N_("The end of the period must be on or after its start.")
UNKNOWN_NORM = N_("Choose norms from the list.")
UNKNOWN_THEME = N_("Choose themes from the list.")
UNKNOWN_CYCLE = N_("Choose a cycle from the list.")
REFERENCE_LINE = N_(
    "Line {line}: write a title, a vertical bar |, then a web address starting with https://."
)

_BY_FIELD: dict[str, dict[str, str]] = {
    "title": {
        "missing": N_("Enter a title."),
        "too_long": N_("The title must be 300 characters or fewer."),
    },
    "summary": {
        "missing": N_("Enter a summary of two or three sentences."),
        "too_long": N_("The summary must be 2,000 characters or fewer."),
    },
    "norms": {
        "missing": N_("Choose at least one norm."),
        "too_long": N_("Choose at most eleven norms."),
        "invalid": UNKNOWN_NORM,
    },
    "themes": {"too_long": N_("Choose at most 19 themes."), "invalid": UNKNOWN_THEME},
    "language": {"missing": N_("Choose the language the practice is written in.")},
    "references": {
        "too_long": N_("Give at most 50 references."),
        "invalid": N_(
            "Write each reference as a title, a vertical bar |, then a web address starting with https://."
        ),
    },
    "period_start": {
        "invalid": N_("Enter the start of the period as a date, such as 2024-03-31."),
    },
    "period_end": {
        "invalid": N_("Enter the end of the period as a date, such as 2024-12-31."),
        "order": PERIOD_ORDER,
    },
    "lead_agency": {"too_long": N_("The lead agency must be 300 characters or fewer.")},
    "contact": {"too_long": N_("The contact must be 500 characters or fewer.")},
    "cycle": {"invalid": UNKNOWN_CYCLE},
    "participant": {"invalid": N_("Choose a participant from the list.")},
    "comment": {
        "missing": N_("Write a comment for the delegation."),
        "too_long": N_("The comment must be 5,000 characters or fewer."),
    },
}
_MARKDOWN_TOO_LONG = N_("This text must be 100,000 characters or fewer.")
for _name in ("body", "best_practices", "lessons_learned"):
    _BY_FIELD[_name] = {"too_long": _MARKDOWN_TOO_LONG}

_KINDS = {
    "missing": "missing",
    "string_type": "missing",  # a blank form field arrives as None
    "string_too_short": "missing",
    "too_short": "missing",
    "string_too_long": "too_long",
    "too_long": "too_long",
}


def kind_of(problem_type: str) -> str:
    """A pydantic error type as what went wrong for a person: missing, too long, or not valid."""
    return _KINDS.get(problem_type, "invalid")


def describe(field: str, kind: str) -> str | None:
    """The message for one field and kind of problem, or None when no field-specific one exists."""
    by_kind = _BY_FIELD.get(field, {})
    return by_kind.get(kind) or (by_kind.get("invalid") if kind != "missing" else None)


def _same(message: str) -> str:
    return message


def for_problem(
    loc: Sequence[Any], problem_type: str, gettext: Callable[[str], str] = _same
) -> str | None:
    """The message for a pydantic problem on a practice field (`loc` after the body), in
    English unless a gettext is given, naming the reference's line when the problem is in one."""
    if not loc:
        return None
    field = str(loc[0])
    if field == "references" and len(loc) > 1 and isinstance(loc[1], int):
        return gettext(REFERENCE_LINE).format(line=loc[1] + 1)
    if field in ("practice_type", "level", "implementation_status", "attribution"):
        return gettext(CHOOSE)
    message = describe(field, kind_of(problem_type))
    return gettext(message) if message else None
