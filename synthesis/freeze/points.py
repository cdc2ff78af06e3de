"""The split of a revision's sections into points lives with the revisions (`submissions.points`),
which store each point's vector when published; the synthesis reads it from there."""

from submissions.points import Fragment, split

__all__ = ["Fragment", "split"]
