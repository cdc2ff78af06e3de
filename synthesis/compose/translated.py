"""A point's text in the report's language. For now the original: translations of points (kept
with their revisions, by the delegation, the presidency or a provider) will be looked up here."""

from synthesis.consolidate.merging import Point


def text_for(point: Point, lang: str) -> Point:
    """The point with its texts in `lang` when the synthesis has them, else as written."""
    del lang  # one language per point until translations exist
    return point
