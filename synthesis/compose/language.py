"""Which wording of a point or title a report in one language prints, and whether to say so.

A text in the report's language is printed as written; one in the other language is printed in
its translation when the revision has one (written by a person, or drafted by a provider and not
yet reviewed), else as written with its language noted, unless its practice is anonymised: the
language a text was written in narrows down who wrote it.
"""

from collections.abc import Sequence
from typing import NamedTuple

from submissions.models import Origin
from synthesis.compose.document import Rich
from synthesis.consolidate.merging import Point


class Wording(NamedTuple):
    body: Rich
    language: str  # of `body`: the report's, unless the original had no translation
    is_machine: bool  # a provider's draft the presidency has not reviewed
    is_original: bool  # the point as its delegation wrote it


def text_for(point: Point, lang: str) -> Wording:
    """The point's text in the report's language `lang`, or its original when it has none."""
    original = Wording(Rich(point.html, point.markdown, point.text), point.language, False, True)
    if not point.language or point.language == lang or point.translated is None:
        return original
    html, markdown, text, origin = point.translated
    return Wording(Rich(html, markdown, text), lang, origin == Origin.machine, False)


def is_in(point: Point, lang: str) -> bool:
    """Whether a report in `lang` can print the point without noting another language."""
    return not point.language or point.language == lang or point.translated is not None


def shown_point(points: Sequence[Point], lang: str) -> Point:
    """The point a group of `points` prints in a report in `lang`: the first written in it, else
    the first a person translated into it, else the first a provider did, else the first."""
    if len(points) == 1:
        return points[0]
    for point in points:
        if point.language == lang:
            return point
    translated = [point for point in points if point.translated is not None]
    for point in translated:
        if point.translated is not None and point.translated[3] == Origin.human:
            return point
    return translated[0] if translated else points[0]
