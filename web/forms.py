"""The practice form: from posted fields to the same input shapes as the API, with errors per field."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from submissions import messages
from submissions.models import RevisionTranslation
from submissions.schemas import Reference, SubmissionRead
from web.i18n import N_

TEXT_FIELDS = (
    "title",
    "summary",
    "body",
    "best_practices",
    "lessons_learned",
    "language",
    "period_start",
    "period_end",
    "practice_type",
    "level",
    "implementation_status",
    "lead_agency",
    "attribution",
    "contact",
    "cycle",
    "primary_norm",
)
# The practice's texts in the other language, each posted as translation_<name>.
TRANSLATED_FIELDS = ("title", "summary", "body", "best_practices", "lessons_learned")
MAX_REFERENCES_TEXT = 20_000
_ORDER = {
    name: position
    for position, name in enumerate(
        (
            "title",
            "summary",
            "norms",
            "language",
            "body",
            "best_practices",
            "lessons_learned",
            "themes",
            "practice_type",
            "level",
            "implementation_status",
            "period_start",
            "period_end",
            "lead_agency",
            "references",
            "cycle",
            "attribution",
            "contact",
        )
    )
}
M = TypeVar("M", bound=BaseModel)
_MESSAGES = {
    "missing": N_("This field is required."),
    "string_too_short": N_("This field is required."),
    "too_short": N_("Choose at least one."),
    "string_too_long": N_("This text is too long."),
    "too_long": N_("Too many items."),
    "url_parsing": N_("Each reference needs a title, a vertical bar, then a web address."),
    "url_scheme": N_("Each reference needs a title, a vertical bar, then a web address."),
    "date_from_datetime_parsing": N_("Not a valid date (YYYY-MM-DD)."),
    "date_parsing": N_("Not a valid date (YYYY-MM-DD)."),
    "enum": N_("Choose one of the options."),
    "literal_error": N_("Choose one of the options."),
}


@dataclass
class PracticeForm:
    """What the form shows: the raw values as typed, and a message per field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def posted(cls, form: FormData) -> "PracticeForm":
        values: dict[str, Any] = {name: str(form.get(name) or "") for name in TEXT_FIELDS}
        values["norms"] = [str(v) for v in form.getlist("norms")][:20]
        values["themes"] = [str(v) for v in form.getlist("themes")][:40]
        values["references"] = str(form.get("references") or "")[:MAX_REFERENCES_TEXT]
        for name in TRANSLATED_FIELDS:
            values[f"translation_{name}"] = str(form.get(f"translation_{name}") or "")
        return cls(values)

    @classmethod
    def of(
        cls, item: SubmissionRead | None, translated: RevisionTranslation | None = None
    ) -> "PracticeForm":
        if item is None:
            return cls({"language": "en", "attribution": "attributed", "norms": [], "themes": []})
        values = {name: getattr(item, name, None) or "" for name in TEXT_FIELDS}
        values["norms"], values["themes"] = list(item.norms), list(item.themes)
        values["references"] = "\n".join(f"{r.title} | {r.url}" for r in item.references)
        for name in TRANSLATED_FIELDS:
            values[f"translation_{name}"] = getattr(translated, name, "") if translated else ""
        return cls({k: (str(v) if not isinstance(v, list) else v) for k, v in values.items()})

    def data(self) -> dict[str, Any]:
        """The input for SubmissionCreate / SubmissionUpdate: blanks become None."""
        data: dict[str, Any] = {
            name: (self.values.get(name) or "").strip() or None for name in TEXT_FIELDS
        }
        for markdown in ("body", "best_practices", "lessons_learned"):
            data[markdown] = self.values.get(markdown) or ""
        data["norms"], data["themes"] = self.values["norms"], self.values["themes"]
        data["references"] = self.references()
        data["translation"] = {
            name: self.values.get(f"translation_{name}") or "" for name in TRANSLATED_FIELDS
        }
        return data

    def references(self) -> list[dict[str, str]]:
        references = []
        for line in self.values.get("references", "").splitlines():
            if line.strip():
                title, _, url = line.rpartition("|")
                references.append({"title": title.strip() or url.strip(), "url": url.strip()})
        return references

    def summary(self) -> list[tuple[str, str]]:
        """The errors in the order the fields come on the page, for the summary at the top."""
        return sorted(self.errors.items(), key=lambda item: _ORDER.get(item[0], len(_ORDER)))

    def validate(self, shape: type[M], gettext: Any) -> M | None:
        """Every problem at once, each on its field, in the page's language."""
        data = self.data()
        bad_lines = self._check_references(gettext)
        if bad_lines:
            data["references"] = []
        result: M | None = None
        try:
            result = shape.model_validate(data)
        except ValidationError as error:
            for problem in error.errors():
                loc = [str(part) for part in problem["loc"]] or ["form"]
                is_translation = loc[0] == "translation" and len(loc) > 1
                name = f"translation_{loc[1]}" if is_translation else loc[0]
                self.errors.setdefault(name, message_for(problem, gettext))
        if _is_reversed(data.get("period_start"), data.get("period_end")):
            self.errors.setdefault("period_end", gettext(messages.PERIOD_ORDER))
        return None if self.errors else result

    def _check_references(self, gettext: Any) -> bool:
        """Each reference line on its own, so that the message names the line that is wrong."""
        lines = [line for line in self.values.get("references", "").splitlines() if line.strip()]
        for number, line in enumerate(lines, start=1):
            title, _, url = line.rpartition("|")
            try:
                Reference.model_validate(
                    {"title": title.strip() or url.strip(), "url": url.strip()}
                )
            except ValidationError:
                self.errors["references"] = gettext(messages.REFERENCE_LINE).format(line=number)
                return True
        return False


def _is_reversed(start: str | None, end: str | None) -> bool:
    """Both dates valid and the end before the start (checked apart from the rest, so that it is
    reported with the other problems, not at the next save)."""
    try:
        return bool(start and end) and date.fromisoformat(end or "") < date.fromisoformat(
            start or ""
        )
    except ValueError:
        return False


def comparable(values: dict[str, Any]) -> dict[str, str]:
    """The form's values as plain text, for showing what differs between two versions."""
    return {
        name: ", ".join(value) if isinstance(value, list) else str(value or "")
        for name, value in values.items()
    }


def message_for(problem: Any, gettext: Any) -> str:
    """A validation problem as a sentence in the page's language, naming the field's own rule."""
    specific = messages.for_problem(problem["loc"], problem["type"], gettext)
    if specific is not None:
        return specific
    message = _MESSAGES.get(problem["type"])
    return str(gettext(message)) if message else str(problem["msg"])
