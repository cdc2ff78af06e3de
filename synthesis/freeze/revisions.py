"""Freeze a new synthesis's revisions: split each once into points, store them with the synthesis,
and consolidate every chapter section. Revisions are read and stored a chunk at a time; of each
point only its practice, number and text are kept for consolidation (the texts compressed, released
as they are vectorised), and each section's grouping is stored as soon as it is computed."""

import zlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from submissions.models import Revision, RevisionTranslation
from synthesis.consolidate import merging, similarity
from synthesis.freeze import translated
from synthesis.freeze.practice import LETTERS, stored_points
from synthesis.models import SynthesisGrouping, SynthesisItem

CHUNK = 1000


@dataclass
class _Section:
    """One section's points over the whole snapshot, in snapshot order: their practices, numbers
    and texts, and per norm the positions of the points of the practices serving it."""

    letter: str
    owners: "array[int]" = field(default_factory=lambda: array("q"))
    numbers: "array[int]" = field(default_factory=lambda: array("I"))
    rows: dict[str, "array[int]"] = field(default_factory=dict)
    chunks: list[tuple[bytes, "array[int]"]] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)

    def add(self, submission_id: int, texts: Sequence[str], codes: set[str]) -> None:
        for number, text in enumerate(texts, start=1):
            for code in codes:
                self.rows[code].append(len(self.owners))
            self.owners.append(submission_id)
            self.numbers.append(number)
            self.pending.append(text)

    def keep_pending(self) -> None:
        """Keep the texts added since the last call as one compressed string and their lengths:
        at a fifth of their size, the texts of every point of a large snapshot are still held."""
        lengths = array("I", map(len, self.pending))
        self.chunks.append((zlib.compress("".join(self.pending).encode(), 1), lengths))
        self.pending.clear()

    def texts(self) -> Iterator[str]:
        """Every text in order, each chunk released once read."""
        self.chunks.reverse()
        while self.chunks:
            blob, lengths = self.chunks.pop()
            joined, start = zlib.decompress(blob).decode(), 0
            for length in lengths:
                yield joined[start : start + length]
                start += length

    def key(self, row: int) -> str:
        return f"{self.owners[row]}.{self.letter}{self.numbers[row]}"


def freeze(
    session: Session,
    synthesis_id: int,
    submissions: Sequence[int],
    revisions: Sequence[int],
    norms: Sequence[str],
) -> None:
    """Store the chosen submissions' revisions (the nth of each) with their points, and the
    grouping of point keys of every norm and section, each section vectorised once over every
    practice."""
    sections = {
        letter: _Section(letter, rows={code: array("I") for code in norms})
        for letter in LETTERS.values()
    }
    wanted = set(norms)
    for start in range(0, len(submissions), CHUNK):
        end = start + CHUNK
        chunk = list(zip(submissions[start:end], revisions[start:end], strict=True))
        query = select(
            Revision.id, Revision.best_practices_html, Revision.lessons_learned_html, Revision.norms
        ).where(col(Revision.id).in_([revision_id for _, revision_id in chunk]))
        found = {row[0]: row[1:] for row in session.exec(query)}
        translations = _translations(session, [revision_id for _, revision_id in chunk])
        items = []
        for submission_id, revision_id in chunk:
            best, lessons, served = found[revision_id]
            points = stored_points(best, lessons)
            translation, machine = translated.frozen(points, translations.get(revision_id))
            items.append(
                {
                    "synthesis_id": synthesis_id,
                    "submission_id": submission_id,
                    "revision_id": revision_id,
                    "points": points,
                    "translation": translation,
                    "other_title": translated.title_of(translation),
                    "machine": machine,
                }
            )
            codes = wanted.intersection(served)
            for letter, section in sections.items():
                section.add(submission_id, [text for _, _, text in points[letter]], codes)
        for section in sections.values():
            section.keep_pending()
        session.execute(insert(SynthesisItem), items)
    for name, letter in LETTERS.items():
        for norm, groups in _consolidated(sections.pop(letter), norms):
            row = {"synthesis_id": synthesis_id, "norm": norm, "section": name}
            session.execute(
                insert(SynthesisGrouping), [{**row, "size": len(groups), "groups": groups}]
            )


def _translations(session: Session, revision_ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """The translations of some revisions, as `translated.frozen` reads them."""
    table = RevisionTranslation.__table__  # type: ignore[attr-defined]
    columns = [table.c[name] for name in translated.COLUMNS]
    query = sa_select(table.c.revision_id, *columns).where(table.c.revision_id.in_(revision_ids))
    return {row[0]: tuple(row[1:]) for row in session.connection().execute(query)}


def _consolidated(section: _Section, norms: Sequence[str]) -> Iterator[tuple[str, list[list[str]]]]:
    """Each norm's groups of point keys in this section, for the norms it has points for."""
    import numpy as np

    matrix = similarity.vectors(section.texts()) if len(section.owners) > 1 else None
    for norm in norms:
        rows = section.rows.pop(norm)
        keys = [section.key(row) for row in rows]
        if len(keys) < 2 or matrix is None:
            groups = [[key] for key in keys]
        else:
            groups = merging.clusters(keys, matrix[np.asarray(rows)])
        if groups:
            yield norm, groups
