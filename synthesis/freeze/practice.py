"""A frozen practice as a synthesis uses it, its points, and the grouping a new synthesis stores."""

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from types import MappingProxyType
from typing import Any

from synthesis.consolidate import merging
from synthesis.consolidate.merging import Point
from synthesis.freeze.points import split

LETTERS = {"best_practices": "b", "lessons_learned": "l"}
# The points of a practice loaded without them: one shared empty mapping, not 100,000 empty dicts.
NO_POINTS: Mapping[str, tuple[Point, ...]] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Practice:
    """What a synthesis needs of one frozen revision: `points` per section, in order (empty
    when they were not loaded)."""

    submission_id: int
    revision_id: int
    participant: str
    title: str
    language: str
    norms: tuple[str, ...]
    is_anonymised: bool
    themes: tuple[str, ...] = ()
    other_title: str | None = None  # the title in the other language, when translated
    other_title_machine: bool = False  # that title is a provider's draft
    points: Mapping[str, tuple[Point, ...]] = field(default_factory=lambda: NO_POINTS)


def stored_points(best_practices_html: str, lessons_learned_html: str) -> dict[str, Any]:
    """The points kept with a synthesis item: per section letter, [html, markdown, text]."""
    return {
        LETTERS[section]: [[f.html, f.markdown, f.text] for f in split(html)]
        for section, html in (
            ("best_practices", best_practices_html),
            ("lessons_learned", lessons_learned_html),
        )
    }


FORMS = ("html", "markdown", "text")


def points_of(
    submission_id: int,
    stored: Mapping[str, Any],
    form: str | None = None,
    language: str = "",
    translation: Mapping[str, Any] | None = None,
) -> dict[str, tuple[Point, ...]]:
    """The points of one practice per section; with a `form`, only that of the three texts (the
    others empty), as a report in one format reads nothing else and a chapter's points are its
    largest part. With the revision's `language` and `translation`, each point carries both."""
    found: dict[str, Point] = {}
    add_points(found, submission_id, stored, form, language, translation)
    points = iter(found.values())
    return {
        section: tuple(islice(points, len(stored.get(letter, ()))))
        for section, letter in LETTERS.items()
    }


def key_owner(key: str) -> int:
    """The submission id a point key names ("{submission_id}.{letter}{number}", as made below)."""
    return int(key.partition(".")[0])


def add_points(
    into: dict[str, Point],
    submission_id: int,
    stored: Mapping[str, Any],
    form: str | None = None,
    language: str = "",
    translation: Mapping[str, Any] | None = None,
    keys: Container[str] | None = None,
) -> None:
    """Add one practice's points to `into` by key, in order (`points_of` says what `form` does):
    a chapter looks its points up by key. With `keys`, only the points named there."""
    at = None if form is None else FORMS.index(form)
    before, after = ("",) * (at or 0), ("",) * (2 - (at or 0))
    for letter in LETTERS.values():
        others = translation.get(letter, ()) if translation else ()
        for i, texts in enumerate(stored.get(letter, ()), start=1):
            key = f"{submission_id}.{letter}{i}"
            if keys is not None and key not in keys:
                continue
            other = others[i - 1] if others else None
            shown = texts if at is None else (*before, texts[at], *after)
            translated = None if other is None else _other(other, at)
            into[key] = Point(
                key, submission_id, shown[0], shown[1], shown[2], language, translated
            )


def _other(texts: Any, at: int | None = None) -> tuple[str, str, str, str] | None:
    """A point's translation as `Point.translated` holds it, in one `form` when `at` says."""
    if texts is None:
        return None
    if at is None:
        return (texts[0], texts[1], texts[2], texts[3])
    kept = ["", "", "", texts[3]]
    kept[at] = texts[at]
    return (kept[0], kept[1], kept[2], kept[3])


def consolidated(practices: Sequence[Practice], norms: Sequence[str]) -> dict[str, list[list[str]]]:
    """Groups of point keys per "norm/section". Each section's points are vectorised (and
    encoded) once, whatever the number of norms they serve, and grouped chapter by chapter."""
    from submissions import point_meaning

    result: dict[str, list[list[str]]] = {}
    for section in merging.SECTIONS:
        every = [point for p in practices for point in p.points[section]]
        texts = [point.text for point in every]
        characters, words = merging.wording(texts)
        meaning = point_meaning.encode(texts)
        row = {point.key: i for i, point in enumerate(every)}
        for norm in norms:
            points = [point for p in practices if norm in p.norms for point in p.points[section]]
            if not points:
                continue
            rows = [row[point.key] for point in points]
            matrix, mix = merging.rows_of(characters, words, rows)
            groups = (
                merging.group(points, mix, matrix, meaning[rows])
                if matrix is not None
                else [merging.Group([point]) for point in points]
            )
            result[f"{norm}/{section}"] = [[point.key for point in g.points] for g in groups]
    return result
