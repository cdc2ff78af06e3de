"""Freeze a new synthesis's revisions: split each once into points, store them with the synthesis,
and consolidate every chapter section. Revisions are read and stored a chunk at a time; of each
point only its practice, number and text are kept for consolidation (the texts compressed, released
as they are vectorised), with its sentence vector (kept with the revision when it was published)
in a temporary file, and each section's grouping is stored as soon as it is computed."""

import tempfile
import zlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from sqlalchemy import insert
from sqlmodel import Session, col, select

from submissions import point_vectors
from submissions.embeddings import DIMENSIONS
from submissions.models import Revision
from synthesis.consolidate import merging, similarity
from synthesis.consolidate.merging import WORDS, rows_of
from synthesis.freeze.practice import LETTERS, stored_points
from synthesis.models import SynthesisGrouping, SynthesisItem

if TYPE_CHECKING:
    import numpy as np

CHUNK = 1000
VECTORS_AT_ONCE = 8192  # rows of the vectors' file read at once (4 MiB)


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
    # The points' vectors (int8, in order): on disk, as at 100,000 practices they outweigh the
    # rest; a norm reads back those of its own points.
    vectors: IO[bytes] = field(default_factory=tempfile.TemporaryFile)

    def add(self, submission_id: int, texts: Sequence[str], codes: set[str], packed: bytes) -> None:
        self.vectors.write(packed)
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

    def meaning(self, rows: "array[int]") -> "np.ndarray":
        """The vectors of the given rows (in increasing order), read in one pass of the file."""
        import numpy as np

        wanted = np.asarray(rows, dtype=np.int64)
        found = np.empty((len(wanted), DIMENSIONS), dtype=np.int8)
        self.vectors.seek(0)
        for start in range(0, len(self.owners), VECTORS_AT_ONCE):
            block = np.frombuffer(self.vectors.read(VECTORS_AT_ONCE * DIMENSIONS), dtype=np.int8)
            block = block.reshape(-1, DIMENSIONS)
            low, high = np.searchsorted(wanted, [start, start + len(block)])
            found[low:high] = block[wanted[low:high] - start]
        return found


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
        kept = point_vectors.of_revisions(session, [revision_id for _, revision_id in chunk])
        items = []
        for submission_id, revision_id in chunk:
            best, lessons, served = found[revision_id]
            points = stored_points(best, lessons)
            packed = kept.get(revision_id)
            if packed is None or [len(v) for v in packed] != [
                len(points[letter]) * DIMENSIONS for letter in LETTERS.values()
            ]:  # published before vectors were kept, and not backfilled
                packed = point_vectors.compute(best, lessons)
            items.append(
                {
                    "synthesis_id": synthesis_id,
                    "submission_id": submission_id,
                    "revision_id": revision_id,
                    "points": points,
                }
            )
            codes = wanted.intersection(served)
            for (letter, section), vectors in zip(sections.items(), packed, strict=True):
                texts = [text for _, _, text in points[letter]]
                section.add(submission_id, texts, codes, vectors)
        for section in sections.values():
            section.keep_pending()
        session.execute(insert(SynthesisItem), items)
    for name, letter in LETTERS.items():
        for norm, groups, central in _consolidated(sections.pop(letter), norms):
            row = {"synthesis_id": synthesis_id, "norm": norm, "section": name, "central": central}
            session.execute(
                insert(SynthesisGrouping), [{**row, "size": len(groups), "groups": groups}]
            )


def _consolidated(
    section: _Section, norms: Sequence[str]
) -> Iterator[tuple[str, list[list[str]], list[str]]]:
    """Each norm's groups of point keys in this section, with each group's most central point,
    for the norms it has points for."""

    if len(section.owners) <= merging.CHARACTERS_UP_TO:
        characters, words = merging.wording(list(section.texts()))
    else:  # streamed: the texts of a large section are not all held at once
        characters, words = None, similarity.vectors(section.texts())
    for norm in norms:
        rows = section.rows.pop(norm)
        keys = [section.key(row) for row in rows]
        matrix, mix = rows_of(characters, words, rows) if len(keys) > 1 else (None, WORDS)
        if matrix is None:
            groups, central = [[key] for key in keys], list(keys)
        else:
            meaning = section.meaning(rows)
            found = merging.clusters(list(range(len(rows))), matrix, meaning, mix)
            groups = [[keys[i] for i in members] for members in found]
            central = [keys[members[merging.central(meaning[members])]] for members in found]
            del meaning
        if groups:
            yield norm, groups, central
    section.vectors.close()
