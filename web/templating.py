"""The Jinja environment: gettext per request, and filters for norm codes, dates and search snippets."""

from datetime import UTC, date, datetime
from typing import Any

from babel.dates import format_date, format_datetime
from jinja2 import Environment, PackageLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from norms.codes import display
from submissions.search import MARK_END, MARK_START


@pass_context
def _gettext(context: Context, message: str) -> str:
    return str(context["translations"].gettext(message))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return str(context["translations"].ngettext(singular, plural, n))


@pass_context
def _date(context: Context, value: date | datetime | None, form: str = "long") -> str:
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, form, locale=context["lang"])


@pass_context
def _datetime(context: Context, value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(value, "medium", locale=context["lang"])


def _iso(value: date | datetime | None) -> str:
    """ISO 8601; naive datetimes are UTC (RFC 3339 wants an offset)."""
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat() if value is not None else ""


def _snippet(text: str | None) -> Markup:
    """Escape a search snippet, then turn the search sentinels into <mark>."""
    escaped = str(escape(text or ""))
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


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
    env.filters.update(
        norm_label=display,
        date=_date,
        datetime=_datetime,
        iso=_iso,
        snippet=_snippet,
        name_in=_name_in,
        pair_with=_pair_with,
    )
    return env


environment = _environment()


def render(name: str, context: dict[str, Any]) -> str:
    return environment.get_template(name).render(context)
