"""The official UN wording of the norms, loaded from a deployer's file.

The shipped catalogue's texts are the project's own summaries, labelled as such wherever they are
shown, with the UN document they summarise. A deployer holding the official English and French
texts loads them from a JSON or YAML file mapping each norm to its two texts:

    13a: {en: "Consistent with the purposes of the United Nations, ...", fr: "..."}

All eleven norms, both languages, or nothing is changed."""

import json
from pathlib import Path
from typing import Any

from sqlmodel import Session

from norms.codes import canonical
from norms.errors import Invalid
from norms.models import Norm, utcnow

LANGUAGES = ("en", "fr")
CODES = tuple(f"13{letter}" for letter in "abcdefghijk")


def source_url(reference: str, lang: str) -> str:
    """The UN document a norm comes from, at the Official Document System's resolver."""
    symbol = reference.split()[0] if reference else "A/70/174"
    return f"https://undocs.org/{lang}/{symbol}"


def read(path: Path) -> dict[str, dict[str, str]]:
    """The texts of a file, checked: every norm once, each with its English and French text."""
    try:
        raw = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise Invalid("texts", f"cannot read {path}: {error}") from None
    data = _parse(raw, path.suffix.lower())
    if isinstance(data, dict) and isinstance(data.get("norms"), dict | list):
        data = data["norms"]
    if isinstance(data, list):  # [{code, text: {en, fr}}, ...]
        data = {str(item.get("code")): item.get("text") for item in data if isinstance(item, dict)}
    if not isinstance(data, dict):
        raise Invalid("texts", "expected a mapping of norm codes to their texts in en and fr")
    texts: dict[str, dict[str, str]] = {}
    for key, value in data.items():
        code = canonical(str(key))
        if code not in CODES:
            raise Invalid("texts", f"{key!r} is not one of the norms 13(a) to 13(k)")
        if code in texts:
            raise Invalid("texts", f"norm {key!r} is given twice")
        if not isinstance(value, dict):
            raise Invalid("texts", f"norm {key!r}: expected its texts as {{en: ..., fr: ...}}")
        for lang in LANGUAGES:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                raise Invalid("texts", f"norm {key!r} has no {lang} text")
        texts[code] = {lang: str(value[lang]).strip() for lang in LANGUAGES}
    missing = [code for code in CODES if code not in texts]
    if missing:
        raise Invalid("texts", f"missing norms: {', '.join(missing)}")
    return texts


def load(session: Session, texts: dict[str, dict[str, str]]) -> None:
    """Store the official texts: pages and reports quote them as such from then on."""
    for code, pair in texts.items():
        norm = session.get(Norm, code)
        if norm is None:
            raise Invalid(
                "texts", f"norm {code} is not in the catalogue: run `normbook db upgrade`"
            )
        norm.text_en, norm.text_fr = pair["en"], pair["fr"]
        norm.text_official = True
        norm.updated_at = utcnow()
        session.add(norm)
    session.flush()


def _parse(raw: str, suffix: str) -> Any:
    if suffix == ".json":
        try:
            return json.loads(raw)
        except json.JSONDecodeError as error:
            raise Invalid("texts", f"not valid JSON: {error}") from None
    import yaml  # YAML (a superset of JSON) for any other file

    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise Invalid("texts", f"not valid YAML: {error}") from None
