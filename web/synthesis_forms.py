"""The synthesis forms: posted fields into the API's input shapes, with a message per field."""

import re
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from norms.errors import Invalid
from synthesis.schemas import GroupingEdit, SynthesisCreate, TextsUpdate, TranslationReview
from web.forms import message_for
from web.i18n import N_

Gettext = Callable[[str], str]
Errors = dict[str, str]
MAX_FIELD = 25_000
LANGS = ("en", "fr")
_ENTRY_SEPARATORS = re.compile(r"[,;\n]+")
_CREATE_MESSAGES = {
    "as_of": N_("Not a valid date and time."),
    "cycle": N_("Choose one of the options."),
    "norms": N_("Choose one of the options."),
}
_EDIT_MESSAGES = {
    "merge": N_("Select points of at least two different groups to merge."),
    "split": N_("Only a point grouped with others can be split off."),
    "reorder": N_("Name the points in their new order."),
    "reword": N_("Write the new text and choose its language."),
    "move": N_("Choose another norm of this point's practice."),
    "credit": N_("Only a point printed in its own words can be credited with its group's wording."),
}
_UNKNOWN_PARTICIPANT = N_("“{entry}” is not a known participant.")
_TOO_LONG = N_("This text is too long.")


def _text(form: FormData, name: str) -> str:
    return str(form.get(name) or "")[:MAX_FIELD]


def creation_values(form: FormData) -> dict[str, Any]:
    """The create form as typed, to show it again."""
    return {
        "title": _text(form, "title"),
        "title_fr": _text(form, "title_fr"),
        "cycle": _text(form, "cycle"),
        "norms": [str(v) for v in form.getlist("norms")][:20],
        "participants": [str(v)[:MAX_FIELD] for v in form.getlist("participants")][:300],
        "as_of": _text(form, "as_of"),
        "include_empty_norms": form.get("include_empty_norms") == "1",
    }


def creation(
    values: dict[str, Any], gettext: Gettext, known: dict[str, str]
) -> tuple[SynthesisCreate | None, Errors]:
    """`known` maps participant codes and names (in capitals) to codes: entries may be ticked
    codes or typed names and codes, separated by commas."""
    codes, errors = participant_codes(values["participants"], known, gettext)
    values["participants"] = codes
    data = {
        "title": values["title"],
        "title_fr": values.get("title_fr", "").strip() or None,
        "cycle": values["cycle"].strip() or None,
        "norms": values["norms"] or None,
        "participants": codes or None,
        "as_of": values["as_of"].strip() or None,
        "include_empty_norms": values["include_empty_norms"],
    }
    try:
        created = SynthesisCreate.model_validate(data)
    except ValidationError as error:
        return None, {**_errors(error, gettext, _CREATE_MESSAGES), **errors}
    return (None, errors) if errors else (created, {})


def participant_codes(
    entries: Iterable[str], known: dict[str, str], gettext: Gettext
) -> tuple[list[str], Errors]:
    codes: list[str] = []
    unknown: list[str] = []
    for entry in entries:
        for piece in (p.strip() for p in _ENTRY_SEPARATORS.split(entry)):
            if not piece:
                continue
            code = known.get(piece.upper())
            if code is None:
                unknown.append(piece)
            elif code not in codes:
                codes.append(code)
    if not unknown:
        return codes, {}
    message = " ".join(gettext(_UNKNOWN_PARTICIPANT).format(entry=u) for u in unknown[:5])
    return codes, {"participants": message}


def creation_error(error: Invalid, gettext: Gettext) -> Errors:
    """The domain's refusal of a create form, on the field it names."""
    if error.field == "participants":
        return {
            "participants": gettext(_UNKNOWN_PARTICIPANT).format(
                entry=error.message.rsplit(" ", 1)[-1]
            )
        }
    return {error.field: gettext(_CREATE_MESSAGES.get(error.field, error.message))}


def edit(form: FormData, gettext: Gettext) -> tuple[GroupingEdit | None, Errors]:
    op = _text(form, "op")
    data = {
        "op": op,
        "norm": _text(form, "norm"),
        "section": _text(form, "section"),
        "points": [str(v) for v in form.getlist("points")][:500],
        "lang": _text(form, "lang") or None,
        "text": _text(form, "text") or None,
        "to": _text(form, "to") or None,
    }
    if op == "reword" and not (data["lang"] and data["text"]):
        return None, edit_error(op, gettext)
    try:
        return GroupingEdit.model_validate(data), {}
    except ValidationError:
        return None, edit_error(op, gettext)


def page_of(form: FormData) -> int:
    """The page of a section an edit was made on (1 when missing or not a page number)."""
    value = _text(form, "page")
    return int(value) if value.isdecimal() and 1 <= int(value) <= 100_000 else 1


def edit_error(op: str, gettext: Gettext) -> Errors:
    """Edits name points by keys from the page itself, so any refusal means the selection."""
    return {"edit": gettext(_EDIT_MESSAGES.get(op, N_("Choose one of the options.")))}


WHOLE = ("introduction", "key_findings", "way_forward")
PER_NORM = ("framing", "overview")


def texts_field(name: str, lang: str, code: str | None = None) -> str:
    """The form field of one text: introduction_en, way_forward_fr, framing_13g_en."""
    return f"{name}_{code}_{lang}" if code else f"{name}_{lang}"


def texts(
    form: FormData, codes: Iterable[str], gettext: Gettext
) -> tuple[TextsUpdate | None, Errors]:
    """Only the texts present in the form change; a blank field clears its text."""
    data: dict[str, Any] = {}
    # A title left blank keeps the one it had: a synthesis always has one.
    titles = {lang: _text(form, f"title_{lang}").strip() for lang in LANGS}
    if any(titles.values()):
        data["title"] = {lang: title for lang, title in titles.items() if title}
    for name in WHOLE:
        given = {lang: _text(form, texts_field(name, lang)) for lang in LANGS}
        present = {lang: text for lang, text in given.items() if texts_field(name, lang) in form}
        if present:
            data[name] = present
    for name in PER_NORM:
        per_norm = {}
        for code in codes:
            present = {
                lang: _text(form, texts_field(name, lang, code))
                for lang in LANGS
                if texts_field(name, lang, code) in form
            }
            if present:
                per_norm[code] = present
        if per_norm:
            data[name] = per_norm
    try:
        return TextsUpdate.model_validate(data), {}
    except ValidationError as error:
        errors: Errors = {}
        for problem in error.errors():
            loc = [str(part) for part in problem["loc"]]
            if loc[0] == "title":
                errors.setdefault(f"title_{loc[-1]}", gettext(_TOO_LONG))
                continue
            field = texts_field(loc[0], loc[-1], loc[1] if loc[0] in PER_NORM else None)
            errors.setdefault(field, gettext(_TOO_LONG))
        return None, errors


_REVIEWED = ("title", "summary", "best_practices", "lessons_learned")


def review(form: FormData, gettext: Gettext) -> tuple[TranslationReview | None, Errors]:
    """A practice's translations as the presidency confirmed or rewrote them."""
    data: dict[str, Any] = {"submission_id": _text(form, "submission_id")}
    data |= {name: _text(form, name) for name in _REVIEWED if name in form}
    try:
        return TranslationReview.model_validate(data), {}
    except ValidationError as error:
        prefix = f"tr-{data['submission_id']}"
        return None, {
            f"{prefix}-{problem['loc'][0]}": gettext(_TOO_LONG) for problem in error.errors()
        }


def _errors(error: ValidationError, gettext: Gettext, messages: dict[str, str]) -> Errors:
    errors: Errors = {}
    for problem in error.errors():
        name = str(problem["loc"][0]) if problem["loc"] else "form"
        message = messages.get(name)
        errors.setdefault(name, gettext(message) if message else message_for(problem, gettext))
    return errors


def texts_values(
    current: dict[str, Any], codes: Iterable[str], titles: dict[str, str] | None = None
) -> dict[str, str]:
    """The presidency's texts as form fields."""
    values = {f"title_{lang}": (titles or {}).get(lang, "") for lang in LANGS}
    values |= {
        texts_field(name, lang): str(current.get(name, {}).get(lang, ""))
        for name in WHOLE
        for lang in LANGS
    }
    for name in PER_NORM:
        kept = current.get(name, {})
        for code in codes:
            for lang in LANGS:
                values[texts_field(name, lang, code)] = str(kept.get(code, {}).get(lang, ""))
    return values
