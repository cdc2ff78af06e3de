"""The Jinja environment: gettext per request, and filters for norm codes, dates and search snippets.

What differs per request (translations, language, CSRF token) is read from the page being
rendered, not from the template's context: macros are then imported without context, once per
process, instead of as a new module with a dozen macros in reference cycles on every page.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from typing import Any, BinaryIO

from babel.dates import format_date, format_time, get_datetime_format
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from norms.codes import display
from norms.typography import french
from submissions.extracts import MARK_END, MARK_START
from synthesis import service

_page: ContextVar[dict[str, Any]] = ContextVar("page")


@contextmanager
def _rendering(context: dict[str, Any]) -> Iterator[None]:
    token = _page.set(context)
    try:
        yield
    finally:
        _page.reset(token)


def _gettext(message: str) -> str:
    return str(_page.get()["translations"].gettext(message))


def _ngettext(singular: str, plural: str, n: int) -> str:
    return str(_page.get()["translations"].ngettext(singular, plural, n))


def _csrf_token() -> str:
    return str(_page.get()["csrf_token"]())


def _date(value: date | datetime | None, form: str = "long") -> str:
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    lang = _page.get()["lang"]
    text = format_date(day, form, locale=lang)
    return french(text) if lang == "fr" else text


def _datetime(value: datetime | None) -> str:
    """To the minute, in the page's locale: seconds say nothing to a reader. Times are kept in UTC."""
    if value is None:
        return ""
    lang = _page.get()["lang"]
    pattern = str(get_datetime_format("medium", locale=lang))
    day, time = format_date(value, "medium", locale=lang), format_time(value, "short", locale=lang)
    return pattern.format(time, day) + " UTC"


def _iso(value: date | datetime | None) -> str:
    """ISO 8601; naive datetimes are UTC (RFC 3339 wants an offset). Milliseconds at most: HTML's
    `<time datetime>` allows one to three digits of a second's fraction."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.isoformat(timespec="milliseconds")
    return value.isoformat() if value is not None else ""


def highlighted(text: str | None) -> Markup:
    """Escape a search extract, then turn the marks around its words found into <mark>."""
    escaped = str(escape(text or ""))
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _norm_label(code: str) -> str:
    """13(a), or 13 a) on a French page."""
    label = display(code)
    return french(label) if _page.get()["lang"] == "fr" else label


def _typeset(text: str) -> str:
    """Text of ours (norm titles and texts) in French typography on a French page."""
    return french(text) if text and _page.get()["lang"] == "fr" else text


def _norm_title(norm: Any) -> str:
    """A norm's title in the page's language (English when it has none there), typeset."""
    lang = _page.get()["lang"]
    if isinstance(norm, Mapping):  # a norm kept as a row's mapping
        return _typeset(norm.get(f"title_{lang}") or norm["title_en"])
    return _typeset(getattr(norm, f"title_{lang}", None) or norm.title_en)


def _synthesis_title(synthesis: Any) -> str:
    """A synthesis's title on a French page is its French one, when it has one."""
    if _page.get()["lang"] == "fr" and synthesis.title_fr:
        return str(synthesis.title_fr)
    return str(synthesis.title)


def _name_in(code: str, names: dict[str, str]) -> str:
    return names.get(code, code)


def _pair_with(code: str, names: dict[str, str]) -> tuple[str, str]:
    """(code, name) for a select option."""
    return code, names.get(code, code)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("web", "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the code: no stat() of each one per page
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["csrf_token"] = _csrf_token
    env.filters.update(
        norm_label=_norm_label,
        typeset=_typeset,
        norm_title=_norm_title,
        date=_date,
        datetime=_datetime,
        iso=_iso,
        snippet=highlighted,
        name_in=_name_in,
        synthesis_title=_synthesis_title,
        pair_with=_pair_with,
    )
    return env


environment = _environment()


def render(name: str, context: dict[str, Any]) -> str:
    with _rendering(context):
        return environment.get_template(name).render(context)


def write(name: str, context: dict[str, Any], out: BinaryIO) -> None:
    """Render into a binary file as the template goes, for a page too long to hold whole."""
    with _rendering(context):
        service.write_text(environment.get_template(name).generate(context), out)
