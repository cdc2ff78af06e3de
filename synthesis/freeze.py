"""Freeze a new synthesis's revisions: split each once into points, store them with the synthesis,
and consolidate every chapter section. Revisions are read and stored a chunk at a time, and only
the points' keys and texts are kept for consolidation, so memory grows slowly with the snapshot."""

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import insert
from sqlmodel import Session, col, select

from submissions.models import Revision
from synthesis import consolidate, similarity
from synthesis.models import SynthesisItem
from synthesis.practice import LETTERS, stored_points

CHUNK = 1000


@dataclass
class _Section:
    """One section's points over the whole snapshot, in snapshot order, and per norm the
    positions of the points of the practices serving it."""

    keys: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    rows: dict[str, "array[int]"] = field(default_factory=dict)


def freeze(
    session: Session, synthesis_id: int, chosen: Sequence[tuple[int, int]], norms: Sequence[str]
) -> dict[str, list[list[str]]]:
    """Store the chosen (submission id, revision id) pairs with their points; return the grouping
    of point keys per "norm/section", each section vectorised once over every practice."""
    sections = {
        letter: _Section(rows={code: array("q") for code in norms}) for letter in LETTERS.values()
    }
    wanted = set(norms)
    for start in range(0, len(chosen), CHUNK):
        chunk = chosen[start : start + CHUNK]
        query = select(
            Revision.id, Revision.best_practices_html, Revision.lessons_learned_html, Revision.norms
        ).where(col(Revision.id).in_([revision_id for _, revision_id in chunk]))
        found = {row[0]: row[1:] for row in session.exec(query)}
        items = []
        for submission_id, revision_id in chunk:
            best, lessons, served = found[revision_id]
            points = stored_points(best, lessons)
            items.append(
                {
                    "synthesis_id": synthesis_id,
                    "submission_id": submission_id,
                    "revision_id": revision_id,
                    "points": points,
                }
            )
            codes = wanted.intersection(served)
            for letter, section in sections.items():
                for number, (_, _, text) in enumerate(points[letter], start=1):
                    for code in codes:
                        section.rows[code].append(len(section.keys))
                    section.keys.append(f"{submission_id}.{letter}{number}")
                    section.texts.append(text)
        session.execute(insert(SynthesisItem), items)
    return {
        f"{norm}/{name}": groups
        for name, letter in LETTERS.items()
        for norm, groups in _consolidated(sections[letter], norms)
    }


def _consolidated(section: _Section, norms: Sequence[str]) -> list[tuple[str, list[list[str]]]]:
    import numpy as np

    matrix = similarity.vectors(section.texts) if len(section.texts) > 1 else None
    section.texts.clear()
    found = []
    for norm in norms:
        rows = section.rows[norm]
        keys = [section.keys[row] for row in rows]
        if len(keys) < 2 or matrix is None:
            found.append((norm, [[key] for key in keys]))
        else:
            found.append((norm, consolidate.clusters(keys, matrix[np.asarray(rows)])))
    return [(norm, groups) for norm, groups in found if groups]
