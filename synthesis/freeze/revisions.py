"""Freeze a new synthesis's revisions: split each once into points, store them with the synthesis,
place each point in one chapter, and consolidate every chapter section. Revisions are read and
stored a chunk at a time; of each point only its practice, participant, number and text are kept
for consolidation (the texts compressed), with its sentence vectors (kept with the revision when it
was published) in temporary files, and each section's grouping is stored as soon as it is computed,
its groups ordered by support then text, each group's most central point (in meaning) first."""

import io
import tempfile
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from submissions import point_meaning, point_vectors
from submissions.embeddings import DIMENSIONS
from submissions.models import Revision, RevisionTranslation, Submission
from synthesis.consolidate import merging, placement, similarity
from synthesis.consolidate.merging import WORDS, rows_of
from synthesis.freeze import translated
from synthesis.freeze.practice import LETTERS, Practice, stored_points
from synthesis.models import SynthesisGrouping, SynthesisItem

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix

CHUNK = 1000
Progress = Callable[[float], None]
VECTORS_AT_ONCE = 8192  # rows of the vectors' file read at once (4 MiB)
SECOND = point_meaning.SECOND_DIMENSIONS
PLACED_AT_ONCE = 16_384  # unplaced points whose sentence vectors are read at once (8 MiB)


@dataclass
class _Section:
    """One section's points over the whole snapshot, in snapshot order: their practices, numbers
    and texts, and per norm the positions of the points of the practices serving it."""

    letter: str
    owners: "array[int]" = field(default_factory=lambda: array("q"))
    numbers: "array[int]" = field(default_factory=lambda: array("I"))
    who: "array[int]" = field(default_factory=lambda: array("I"))
    rows: dict[str, "array[int]"] = field(default_factory=dict)
    # Points of practices serving several norms, none named primary: placed once vectorised.
    unplaced: "array[int]" = field(default_factory=lambda: array("q"))
    candidates: "array[int]" = field(default_factory=lambda: array("q"))
    # Per chunk of texts: where it is in `compressed`, its size there and its texts' lengths.
    chunks: list[tuple[int, int, "array[int]"]] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    # The points' vectors (int8, in order; the first model's, then the second's) and compressed
    # texts: on disk, as at 100,000 practices they outweigh the rest; a norm reads back those of
    # its own points, and the second model's only where its mix compares them.
    vectors: IO[bytes] = field(default_factory=tempfile.TemporaryFile)
    second: IO[bytes] = field(default_factory=tempfile.TemporaryFile)
    compressed: IO[bytes] = field(default_factory=tempfile.TemporaryFile)

    def add(
        self,
        submission_id: int,
        participant: int,
        texts: Sequence[str],
        codes: Sequence[str],
        packed: bytes,
    ) -> None:
        """`codes`: the norms of the synthesis the practice serves, its primary norm alone when
        it named one; `packed`: the texts' sentence vectors (`point_meaning.pack`)."""
        import numpy as np

        rows = np.frombuffer(packed, dtype=np.int8).reshape(-1, point_meaning.DIMENSIONS)
        self.vectors.write(rows[:, point_meaning.FIRST].tobytes())
        self.second.write(rows[:, point_meaning.SECOND].tobytes())
        # Only the points of a practice serving several norms wait for placement, with this mask.
        mask = (
            sum(1 << n for n, code in enumerate(self.rows) if code in codes)
            if len(codes) > 1
            else 0
        )
        for number, text in enumerate(texts, start=1):
            if len(codes) == 1:
                self.rows[codes[0]].append(len(self.owners))
            elif codes:
                self.unplaced.append(len(self.owners))
                self.candidates.append(mask)
            self.owners.append(submission_id)
            self.who.append(participant)
            self.numbers.append(number)
            self.pending.append(text)

    def keep_pending(self) -> None:
        """Keep the texts added since the last call as one compressed string, on disk, and
        their lengths: held in memory (10 MiB at 100,000 practices), they added to the peak
        while each section's words were fitted."""
        lengths = array("I", map(len, self.pending))
        blob = zlib.compress("".join(self.pending).encode(), 1)
        self.chunks.append((self.compressed.seek(0, io.SEEK_END), len(blob), lengths))
        self.compressed.write(blob)
        self.pending.clear()

    def _joined(self, offset: int, size: int) -> str:
        self.compressed.seek(offset)
        return zlib.decompress(self.compressed.read(size)).decode()

    def texts(self) -> Iterator[str]:
        """Every text in order, a chunk decompressed at a time."""
        for offset, size, lengths in self.chunks:
            joined, start = self._joined(offset, size), 0
            for length in lengths:
                yield joined[start : start + length]
                start += length

    def texts_of(self, rows: set[int]) -> dict[int, str]:
        """The texts of some rows, the chunks holding none of them left compressed."""
        found: dict[int, str] = {}
        ordered, at, first = sorted(rows), 0, 0
        for offset, size, lengths in self.chunks:
            last = first + len(lengths)
            end = bisect_left(ordered, last, lo=at)
            wanted, at = ordered[at:end], end
            if wanted:
                joined = self._joined(offset, size)
                starts = [0, *accumulate(lengths)]
                for row in wanted:
                    found[row] = joined[starts[row - first] : starts[row - first + 1]]
            first = last
        return found

    def key(self, row: int) -> str:
        return f"{self.owners[row]}.{self.letter}{self.numbers[row]}"

    def meaning(self, rows: "Sequence[int] | np.ndarray", both: bool = False) -> "np.ndarray":
        """The vectors of the given rows (in increasing order): the first model's, or `both`
        side by side as `point_meaning` lays them out."""
        import numpy as np

        first = _read_rows(self.vectors, DIMENSIONS, np.asarray(rows, dtype=np.int64))
        if not both:
            return first
        second = _read_rows(self.second, SECOND, np.asarray(rows, dtype=np.int64))
        return np.hstack([first, second])

    def means(self, groups: "Sequence[np.ndarray]") -> "np.ndarray":
        """The mean vector of each group of rows (zero for an empty one), in one pass of the
        file: placement compares a point with each norm's points through it."""
        import numpy as np

        owner = np.full(len(self.owners), len(groups), dtype=np.int64)
        for n, rows in enumerate(groups):
            owner[rows] = n
        sums = np.zeros((len(groups) + 1, DIMENSIONS), dtype=np.int64)
        self.vectors.seek(0)
        for start in range(0, len(self.owners), VECTORS_AT_ONCE):
            block = np.frombuffer(self.vectors.read(VECTORS_AT_ONCE * DIMENSIONS), dtype=np.int8)
            block = block.reshape(-1, DIMENSIONS)
            of_block = owner[start : start + len(block)]
            for n in range(len(groups)):  # a dozen norms: a mask each beats a scatter-add
                sums[n] += block[of_block == n].sum(axis=0, dtype=np.int64)
        counts = np.bincount(owner, minlength=len(groups) + 1)[:-1, None]
        result: np.ndarray = sums[:-1] / 127.0 / np.maximum(counts, 1)
        return result


def _read_rows(file: IO[bytes], width: int, wanted: "np.ndarray") -> "np.ndarray":
    """Some rows (in increasing order) of a file of int8 rows `width` wide, read in one pass of
    the part of the file that holds them."""
    import numpy as np

    found = np.empty((len(wanted), width), dtype=np.int8)
    if not len(wanted):
        return found
    first = int(wanted[0]) - int(wanted[0]) % VECTORS_AT_ONCE
    file.seek(first * width)
    for start in range(first, int(wanted[-1]) + 1, VECTORS_AT_ONCE):
        block = np.frombuffer(file.read(VECTORS_AT_ONCE * width), dtype=np.int8)
        block = block.reshape(-1, width)
        low, high = np.searchsorted(wanted, [start, start + len(block)])
        found[low:high] = block[wanted[low:high] - start]
    return found


def freeze(
    session: Session,
    synthesis_id: int,
    submissions: Sequence[int],
    revisions: Sequence[int],
    norms: Sequence[str],
    profiles: Sequence[str] = (),
    progress: Progress | None = None,
) -> None:
    """Store the chosen submissions' revisions (the nth of each) with their points, and the
    grouping of point keys of every norm and section, each section vectorised once over every
    practice. `profiles`: per norm, its text and guidance, which placement compares points with;
    `progress` hears the fraction done (storing is the first half, consolidating the second)."""
    told = progress or (lambda fraction: None)
    if len(profiles) == len(norms):
        # Encoded (and kept) first: unless this process holds the model already, a process of
        # its own loads it (`embeddings.encode`, keep=False), and its memory is never this one's.
        placement.norm_sentences(profiles)
    sections = {
        letter: _Section(letter, rows={code: array("q") for code in norms})
        for letter in LETTERS.values()
    }
    participants: dict[str, int] = {}
    for start in range(0, len(submissions), CHUNK):
        end = start + CHUNK
        chunk = list(zip(submissions[start:end], revisions[start:end], strict=True))
        # In a function of its own: the last chunk's rows are let go before consolidating.
        _store(session, synthesis_id, chunk, norms, sections, participants)
        told(0.5 * min(end, len(submissions)) / max(1, len(submissions)))
    for done, (name, letter) in enumerate(LETTERS.items()):
        told(0.5 + 0.5 * done / len(LETTERS))
        for norm, groups, central, apart in _consolidated(sections.pop(letter), norms, profiles):
            row = {"synthesis_id": synthesis_id, "norm": norm, "section": name}
            row |= {"central": central, "apart": apart}
            session.execute(
                insert(SynthesisGrouping), [{**row, "size": len(groups), "groups": groups}]
            )


def _store(
    session: Session,
    synthesis_id: int,
    chunk: list[tuple[int, int]],
    norms: Sequence[str],
    sections: dict[str, _Section],
    participants: dict[str, int],
) -> None:
    """Store a chunk of (submission, revision) with their points, and add the points to the
    sections; `participants` numbers the participants met so far."""
    query = (
        select(  # type: ignore[call-overload]
            Revision.id,
            Revision.best_practices_html,
            Revision.lessons_learned_html,
            Revision.norms,
            Revision.primary_norm,
            Submission.participant_code,
        )
        .join(Submission, col(Submission.id) == Revision.submission_id)
        .where(col(Revision.id).in_([revision_id for _, revision_id in chunk]))
    )
    found = {row[0]: row[1:] for row in session.exec(query)}
    ids = [revision_id for _, revision_id in chunk]
    kept, translations = point_vectors.of_revisions(session, ids), _translations(session, ids)
    items = []
    for submission_id, revision_id in chunk:
        best, lessons, served, primary, participant = found[revision_id]
        points = stored_points(best, lessons)
        packed = kept.get(revision_id)
        if packed is None or [len(v) for v in packed] != [
            len(points[letter]) * point_meaning.DIMENSIONS for letter in LETTERS.values()
        ]:  # published before vectors were kept, and not backfilled
            packed = point_vectors.compute(best, lessons)
        translation, machine = translated.frozen(points, translations.get(revision_id))
        items.append(
            {
                "synthesis_id": synthesis_id,
                "submission_id": submission_id,
                "revision_id": revision_id,
                "points": points,
                "translation": translation,
                "other_title": translated.title_of(translation),
                "other_title_machine": translated.is_machine_title(translation),
                "machine": machine,
            }
        )
        codes = [code for code in norms if code in served]
        if primary in codes:
            codes = [primary]
        who = participants.setdefault(participant, len(participants))
        for (letter, section), vectors in zip(sections.items(), packed, strict=True):
            texts = [text for _, _, text in points[letter]]
            section.add(submission_id, who, texts, codes, vectors)
    for section in sections.values():
        section.keep_pending()
    session.execute(insert(SynthesisItem), items)


def _translations(session: Session, revision_ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """The translations of some revisions, as `translated.frozen` reads them."""
    table = RevisionTranslation.__table__  # type: ignore[attr-defined]
    columns = [table.c[name] for name in translated.COLUMNS]
    query = sa_select(table.c.revision_id, *columns).where(table.c.revision_id.in_(revision_ids))
    return {row[0]: tuple(row[1:]) for row in session.connection().execute(query)}


def _consolidated(
    section: _Section, norms: Sequence[str], profiles: Sequence[str]
) -> Iterator[tuple[str, list[list[str]], list[str], list[str]]]:
    """Each norm's groups of point keys in this section, with each group's most central point and
    the keys of the points set apart (`merging.set_apart`), for the norms it has points for: its
    points placed, grouped by meaning and wording, and the groups ordered (most contributors
    first, then by the central point's text)."""
    import numpy as np

    size = len(section.owners)
    with_profiles = len(profiles) == len(norms) and len(section.unplaced) > 0
    extra = profiles if with_profiles else ()
    characters = words = None
    if size > 1:
        # Words are fitted with the norms' profiles, which placement compares points with.
        small = size <= merging.CHARACTERS_UP_TO
        characters = similarity.vectors(section.texts(), True) if small else None
        words = similarity.vectors(chain(section.texts(), extra))
    rows = {code: np.frombuffer(section.rows.pop(code), dtype=np.int64) for code in norms}
    unplaced = np.frombuffer(section.unplaced, dtype=np.int64)
    if len(unplaced):
        if words is not None and with_profiles:
            chosen = _placed(section, words, size, list(rows.values()), unplaced, profiles)
        else:  # nothing to compare: the first of its norms
            masks = np.frombuffer(section.candidates, dtype=np.int64)
            chosen = np.array([(m & -m).bit_length() - 1 for m in masks.tolist()], dtype=np.int64)
        for n, code in enumerate(norms):
            rows[code] = np.sort(np.concatenate([rows[code], unplaced[chosen == n]]))
    apart: set[int] = set()  # one norm's rows set apart (`merging.set_apart`)
    for norm in norms:
        found = rows.pop(norm)
        matrix, mix = rows_of(characters, words, found) if len(found) > 1 else (None, WORDS)
        if matrix is None:
            groups = [[row] for row in found.tolist()]
        else:
            meaning = section.meaning(found, both=mix.both_models)
            # The all-pairs clustering asks more of two points in one language: it reads theirs.
            small = len(found) <= merging.ALL_PAIRS_LIMIT
            languages = _languages(section, found) if small else None
            owners = np.frombuffer(section.owners, dtype=np.int64)[found] if small else None
            items = list(range(len(found)))
            clusters = merging.clusters(items, matrix, meaning, mix, languages, owners)
            firsts = [_central_first(members, meaning) for members in clusters]
            del clusters
            far = merging.set_apart(firsts, matrix, meaning, mix, languages)
            apart.update(int(row) for row in found[far])
            groups = [[int(found[i]) for i in first] for first in firsts]
            del meaning
        if not groups:
            continue
        texts = section.texts_of({group[0] for group in groups if len(groups) > 1})
        order = placement.by_support(
            groups,
            lambda row: section.who[row],
            lambda row, texts=texts: placement.text_key(texts.get(row, "")),  # type: ignore[misc]
        )
        keys = [[section.key(row) for row in groups[i]] for i in order]
        apart_keys = sorted(section.key(row) for row in apart)
        apart.clear()
        yield norm, keys, [group[0] for group in keys], apart_keys
    section.vectors.close()
    section.second.close()
    section.compressed.close()


def _placed(
    section: _Section,
    words: "csr_matrix",
    size: int,
    settled: "list[np.ndarray]",
    unplaced: "np.ndarray",
    profiles: Sequence[str],
) -> "np.ndarray":
    """`placement.place` for the unplaced rows, PLACED_AT_ONCE at a time: only those rows'
    sentence vectors are read at once, not every unplaced point's (64 MiB at 100,000 practices).
    Each row's choice is its own, so the choices are those of one call for all."""
    import numpy as np

    candidates = np.frombuffer(section.candidates, dtype=np.int64)
    settled_means = section.means(settled)
    sentences = placement.norm_sentences(profiles)
    chosen = np.empty(len(unplaced), dtype=np.int64)
    for start in range(0, len(unplaced), PLACED_AT_ONCE):
        part = slice(start, start + PLACED_AT_ONCE)
        meaning = placement.Meaning(section.meaning(unplaced[part]), settled_means, sentences)
        # The points' rows are looked up by index: slicing them off would copy the matrix.
        chosen[part] = placement.place(
            words, words[size:], settled, unplaced[part], candidates[part], meaning
        )
    return chosen


def _languages(section: _Section, found: "np.ndarray") -> "np.ndarray":
    """Whether each of the rows is in French (`similarity.french`)."""
    rows = found.tolist()
    texts = section.texts_of(set(rows))
    return similarity.french(texts[row] for row in rows)


def _central_first(members: list[int], meaning: "np.ndarray") -> list[int]:
    """A group's `members`, the one closest in meaning to the others first: it speaks for the
    group."""
    at = merging.central(meaning[members])
    return [members[at], *members[:at], *members[at + 1 :]]


def grouped(
    practices: Sequence[Practice], norms: Sequence[str], profiles: Sequence[str] = ()
) -> dict[str, list[list[str]]]:
    """Groups of point keys per "norm/section" of practices loaded with their points, placed,
    grouped and ordered as `freeze` stores them: for a synthesis made before groupings were kept."""
    sections = {
        letter: _Section(letter, rows={code: array("q") for code in norms})
        for letter in LETTERS.values()
    }
    participants: dict[str, int] = {}
    for p in practices:
        codes = [code for code in norms if code in p.norms]
        who = participants.setdefault(p.participant, len(participants))
        for name, letter in LETTERS.items():
            points = p.points.get(name, ())
            numbers = [int(point.key.rpartition(letter)[2]) for point in points]
            section = sections[letter]
            first = len(section.owners)
            texts = [point.text for point in points]
            section.add(
                p.submission_id, who, texts, codes, point_meaning.pack(point_meaning.encode(texts))
            )
            section.numbers[first:] = array("I", numbers)
    result: dict[str, list[list[str]]] = {}
    for name, letter in LETTERS.items():
        section = sections[letter]
        section.keep_pending()
        for norm, groups, _, _ in _consolidated(section, norms, profiles):
            result[f"{norm}/{name}"] = groups
    return result
