"""Seed a fresh database with N practices, fast: bulk INSERTs giving exactly what the workflow would.

    python -m bench.generate --practices 100000 --database-url sqlite:///var/bench-100k.db

Deterministic for a given seed. Every practice belongs to one participant, serves one to three norms,
has one to four revisions and goes through the real states (draft, submitted, returned, published,
withdrawn) with the same versions, timestamps, audit entries and search index rows the workflow
writes. Texts come from pools of distinct ones (Markdown rendered by `submissions.markdown.render`,
once per text); on SQLite the bulk load skips the journal and the search index is built at the end.
"""

import argparse
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, text

from api import accounts, migrate
from api.db import Database
from bench import corpus
from norms import catalogue
from norms.models import Norm, NormTheme, Participant
from submissions import embeddings, point_meaning
from submissions.markdown import render
from submissions.models import (
    AuditEntry,
    Cycle,
    PointVectors,
    Revision,
    RevisionNorm,
    RevisionTheme,
    Role,
    Status,
    Submission,
    User,
)
from submissions.points import split

PASSWORD = "normbook-bench"
PRESIDENCY_EMAIL = "presidency@bench.normbook.org"
BATCH = 1000
PRESIDENCIES = {2019: "FRA", 2020: "USA", 2021: "GBR", 2022: "DEU", 2023: "JPN", 2024: "ITA"}
PRESIDENCIES |= {2025: "CAN", 2026: "FRA"}
START = datetime(2019, 4, 6, tzinfo=UTC)
SPAN = (datetime(2025, 6, 30, tzinfo=UTC) - START).total_seconds()
FINALS = ("published", "draft", "submitted", "returned", "withdrawn")
FINAL_WEIGHTS = (78, 8, 5, 4, 5)
CHANGED = ["body", "lessons_learned", "summary"]
TYPES = ("law", "strategy", "institution", "procedure", "programme", "exercise", "agreement")
LEVELS = ("national", "bilateral", "regional", "multilateral")
STAGES = ("planned", "in_progress", "implemented", "evaluated")


class Pool:
    """Texts drawn from a fixed pool, each made (and its Markdown rendered) once."""

    def __init__(self, seed: int, kind: str, make: Any, size: int, markdown: bool = True) -> None:
        self.seed, self.kind, self.make, self.size = seed, kind, make, size
        self.markdown = markdown
        self.cache: dict[tuple[str, int], tuple[str, str]] = {}

    def draw(self, rng: random.Random, lang: str) -> tuple[str, str]:
        key = (lang, rng.randrange(self.size))
        if key not in self.cache:
            source = self.make(random.Random(f"{self.seed}:{self.kind}:{key}"), lang)
            self.cache[key] = (source, render(source) if self.markdown else "")
        return self.cache[key]


@dataclass
class Batch:
    submissions: list[dict[str, Any]] = field(default_factory=list)
    revisions: list[dict[str, Any]] = field(default_factory=list)
    norms: list[dict[str, Any]] = field(default_factory=list)
    themes: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    vectors: list[dict[str, Any]] = field(default_factory=list)


class Vectors:
    """Each distinct section's packed point vectors: sections are drawn from a pool, so a
    100,000-practice corpus holds a few thousand lists of some 8,000 distinct points, each
    encoded once (by the second model, about 5 minutes on one core)."""

    def __init__(self) -> None:
        self.packed: dict[str, bytes] = {}
        self.points: dict[str, bytes] = {}

    def of(self, html: str) -> bytes:
        if html not in self.packed:
            texts = [fragment.text for fragment in split(html)]
            new = list(dict.fromkeys(text for text in texts if text not in self.points))
            if new:
                rows = point_meaning.encode(new)
                self.points.update(
                    (t, point_meaning.pack(rows[i : i + 1])) for i, t in enumerate(new)
                )
            self.packed[html] = b"".join(self.points[text] for text in texts)
        return self.packed[html]

    def row(self, revision: dict[str, Any]) -> dict[str, Any]:
        return {
            "revision_id": revision["id"],
            "model": point_meaning.MODEL,
            "best_practices": self.of(revision["best_practices_html"]),
            "lessons_learned": self.of(revision["lessons_learned_html"]),
        }


@dataclass(frozen=True)
class Context:
    participants: list[str]
    weights: list[float]
    norms: list[str]
    themes_by_norm: dict[str, list[str]]
    users: dict[str, int]
    presidency: int
    cycles: dict[int, int]
    pools: dict[str, Pool]
    vectors: Vectors = field(default_factory=Vectors)


class Practice:
    """One submission's life, replayed event by event as the workflow would record it."""

    def __init__(self, ctx: Context, rng: random.Random, sid: int, next_revision: int) -> None:
        self.ctx, self.rng, self.sid, self.next_revision = ctx, rng, sid, next_revision
        self.participant = rng.choices(ctx.participants, ctx.weights)[0]
        self.user = ctx.users[self.participant]
        self.lang = "fr" if rng.random() < 0.35 else "en"
        self.at = START + timedelta(seconds=rng.random() * SPAN)
        norms = rng.sample(ctx.norms, rng.choice((1, 1, 1, 2, 2, 3)))
        themes = sorted({t for n in norms for t in ctx.themes_by_norm[n]})
        begin = date(rng.randint(2012, 2024), rng.randint(1, 12), 1)
        self.content: dict[str, Any] = {
            "title": corpus.title(rng, self.lang),
            "norms": norms,
            "themes": rng.sample(themes, min(len(themes), rng.randint(0, 3))),
            "references": [
                {"title": corpus.title(rng, self.lang), "url": f"https://example.org/doc/{sid}"}
            ]
            if rng.random() < 0.5
            else [],
            "period_start": begin,
            "period_end": begin + timedelta(days=rng.randint(100, 2000))
            if rng.random() < 0.6
            else None,
            "practice_type": rng.choice(TYPES),
            "level": rng.choice(LEVELS),
            "implementation_status": rng.choice(STAGES),
            "lead_agency": corpus.title(rng, self.lang)[:80],
            "attribution": "anonymised" if rng.random() < 0.15 else "attributed",
            "contact": f"contact-{sid}@{self.participant.lower()}.example.org",
            "language": self.lang,
        }
        self.submission: dict[str, Any] = {
            "id": sid,
            "participant_code": self.participant,
            "cycle_id": ctx.cycles.get(self.at.year),
            "status": Status.draft.value,
            "version": 1,
            "author_id": self.user,
            "current_revision_id": None,
            "published_revision_id": None,
            "return_comment": None,
            "created_at": self.at,
            "updated_at": self.at,
            "submitted_at": None,
            "published_at": None,
        }
        self.revisions: list[dict[str, Any]] = []
        self.audit: list[dict[str, Any]] = []

    def replay(self, batch: Batch) -> int:
        """Append this practice's rows to the batch; returns the next free revision id."""
        count = self.rng.choices((1, 2, 3, 4), (30, 35, 22, 13))[0]
        final = self.rng.choices(FINALS, FINAL_WEIGHTS)[0]
        self.write(first=True)
        for _ in range(count - 1):
            self.move("submitted")
            self.move("published")
            self.write(first=False)
        if final in ("submitted", "returned", "published", "withdrawn"):
            self.move("submitted")
        if final == "returned":
            self.move("returned", comment="Please add the dates and the lead agency.")
        if final in ("published", "withdrawn"):
            self.move("published")
        if final == "withdrawn":
            self.move("withdrawn")
        self.flush(batch)
        return self.next_revision

    def tick(self) -> datetime:
        self.at += timedelta(seconds=self.rng.randint(3600, 30 * 86400))
        return self.at

    def write(self, first: bool) -> None:
        rng, pools, lang = self.rng, self.ctx.pools, self.lang
        body, body_html = pools["body"].draw(rng, lang)
        lessons, lessons_html = pools["points"].draw(rng, lang)
        best, best_html = pools["points"].draw(rng, lang)
        if first:
            self.content["best_practices"], self.content["best_practices_html"] = best, best_html
        else:
            self.claim()
        revision = {
            **self.content,
            "id": self.next_revision,
            "submission_id": self.sid,
            "number": len(self.revisions) + 1,
            "author_id": self.user,
            "created_at": self.at,
            "published_at": None,
            "summary": pools["summary"].draw(rng, lang)[0],
            "body": body,
            "body_html": body_html,
            "lessons_learned": lessons,
            "lessons_learned_html": lessons_html,
        }
        self.next_revision += 1
        self.revisions.append(revision)
        self.submission["current_revision_id"] = revision["id"]
        if self.submission["status"] == Status.published:
            self.submission["status"] = Status.draft.value
        action, detail = ("create", {}) if first else ("update", {"fields": CHANGED})
        self.record(self.user, Role.delegation, self.participant, action, detail)

    def move(self, target: str, comment: str | None = None) -> None:
        before = self.submission["status"]
        self.claim()
        sub = self.submission
        sub["status"] = target
        if target == "submitted":
            sub["submitted_at"] = self.at
        detail: dict[str, Any] = {"from": before}
        if target == "returned":
            sub["return_comment"] = comment
            detail["comment"] = comment
        presiding = target in ("published", "returned")
        if target == "published":
            sub["published_revision_id"] = sub["current_revision_id"]
            sub["published_at"] = self.at
            sub["return_comment"] = None
            self.revisions[-1]["published_at"] = self.at
        action = "return" if target == "returned" else target
        if presiding:
            self.record(self.ctx.presidency, Role.presidency, "FRA", action, detail)
        else:
            self.record(self.user, Role.delegation, self.participant, action, detail)

    def claim(self) -> None:
        self.submission["version"] += 1
        self.submission["updated_at"] = self.tick()

    def record(
        self, user: int, role: Role, participant: str, action: str, detail: dict[str, Any]
    ) -> None:
        self.audit.append(
            {
                "at": self.at,
                "actor_id": user,
                "actor_role": role.value,
                "participant_code": participant,
                "action": action,
                "entity": "submission",
                "entity_id": str(self.sid),
                "revision_id": self.submission["current_revision_id"],
                "detail": detail,
            }
        )

    def flush(self, batch: Batch) -> None:
        batch.submissions.append(self.submission)
        batch.revisions.extend(self.revisions)
        for revision in self.revisions:
            batch.norms.extend(
                {"revision_id": revision["id"], "norm_code": n} for n in revision["norms"]
            )
            batch.themes.extend(
                {"revision_id": revision["id"], "theme_code": t} for t in revision["themes"]
            )
        batch.audit.extend(self.audit)
        batch.vectors.extend(
            self.ctx.vectors.row(r) for r in self.revisions if r["published_at"] is not None
        )


def reset(database: Database) -> None:
    """Start from an empty database: remove the SQLite file, or empty the PostgreSQL schema."""
    if database.is_sqlite:
        path = Path(database.url.removeprefix("sqlite:///"))
        database.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    with database.writer.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


def prepare(database: Database, seed: int, count: int) -> Context:
    """Schema, catalogue, one user per participant, the cycles; then what the batches need."""
    migrate.upgrade(database.writer)
    with database.transaction() as session:
        catalogue.load(session)
    digest = accounts.hasher().hash(PASSWORD)
    with database.writer.begin() as connection:
        participants = connection.execute(select(Participant.code, Participant.is_g7)).all()
        people = [("presidency", "FRA", PRESIDENCY_EMAIL)] + [
            ("delegation", code, f"{code.lower()}@bench.normbook.org") for code, _ in participants
        ]
        connection.execute(
            insert(User),
            [
                {"email": email, "password_hash": digest, "role": role}
                | {"participant_code": code, "is_active": True, "created_at": START}
                for role, code, email in people
            ],
        )
        ids = connection.execute(select(User.role, User.participant_code, User.id)).all()
        users = {code: id_ for role, code, id_ in ids if role == "delegation"}
        presidency = next(id_ for role, _, id_ in ids if role == "presidency")
        connection.execute(
            insert(Cycle),
            [
                {
                    "code": f"g7-{year}",
                    "title_en": f"G7 Cyber Norm Initiative {year}",
                    "title_fr": f"Initiative du G7 sur les normes cyber {year}",
                    "presiding_code": code,
                    "opens_on": date(year, 1, 1),
                    "closes_on": date(year, 12, 31),
                    "introduction_en": "",
                    "introduction_fr": "",
                    "created_at": START,
                }
                for year, code in PRESIDENCIES.items()
            ],
        )
        cycles = {
            int(code[3:]): id_
            for code, id_ in connection.execute(select(Cycle.code, Cycle.id)).all()
        }
        norms = list(connection.execute(select(Norm.code).order_by(Norm.position)).scalars())
        themes_by_norm: dict[str, list[str]] = {n: [] for n in norms}
        for norm, theme in connection.execute(select(NormTheme.norm_code, NormTheme.theme_code)):
            themes_by_norm[norm].append(theme)
    codes = [code for code, _ in participants]
    weights = [8.0 if is_g7 or code == "EU" else 1.0 for code, is_g7 in participants]
    size = min(1200, max(100, count // 4))  # distinct bodies and lists per language
    pools = {
        "body": Pool(seed, "body", corpus.body, size),
        "points": Pool(seed, "points", corpus.points, size),
        "summary": Pool(seed, "summary", corpus.summary, size * 8, markdown=False),
    }
    return Context(codes, weights, norms, themes_by_norm, users, presidency, cycles, pools)


def batches(ctx: Context, seed: int, count: int) -> Iterator[Batch]:
    next_revision = 1
    for start in range(0, count, BATCH):
        batch = Batch()
        for sid in range(start + 1, min(start + BATCH, count) + 1):
            rng = random.Random(f"{seed}:{sid}")
            next_revision = Practice(ctx, rng, sid, next_revision).replay(batch)
        yield batch


def write(connection: Connection, batch: Batch) -> None:
    with connection.begin():
        connection.execute(insert(Submission), batch.submissions)
        connection.execute(insert(Revision), batch.revisions)
        connection.execute(insert(RevisionNorm), batch.norms)
        if batch.themes:
            connection.execute(insert(RevisionTheme), batch.themes)
        connection.execute(insert(AuditEntry), batch.audit)
        if batch.vectors:
            connection.execute(insert(PointVectors), batch.vectors)


@contextmanager
def bulk(database: Database) -> Iterator[Connection]:
    """One connection for the bulk load; on SQLite without journal or syncs (a crash means redo)."""
    with database.writer.connect() as connection:
        raw = connection.connection.driver_connection  # pragmas outside any transaction
        if database.is_sqlite:
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-262144"):
                raw.execute(f"PRAGMA {pragma}")
        yield connection
        if database.is_sqlite:
            raw.execute("PRAGMA journal_mode=WAL")


INDEXED = """
INSERT INTO revision_fts (rowid, title, summary, body, lessons_learned, best_practices)
SELECT id, title, summary, body, lessons_learned, best_practices FROM revision
WHERE id IN (SELECT current_revision_id FROM submission UNION SELECT published_revision_id
             FROM submission WHERE published_revision_id IS NOT NULL)
ORDER BY id"""

PUBLIC = """
INSERT INTO public_fts (rowid, title, summary, body, lessons_learned, best_practices)
SELECT s.id, r.title, r.summary, r.body, r.lessons_learned, r.best_practices
FROM submission s JOIN revision r ON r.id = s.published_revision_id
WHERE s.status != 'withdrawn'
ORDER BY s.id"""


PUBLIC_VECTORS = """
INSERT INTO public_search (submission_id, vector)
SELECT s.id, r.search_vector FROM submission s JOIN revision r ON r.id = s.published_revision_id
WHERE s.status != 'withdrawn'"""


def index(connection: Connection) -> None:
    """The SQLite search indexes in one pass each, in rowid order."""
    with connection.begin():
        connection.execute(text(INDEXED))
        connection.execute(text(PUBLIC))
        for table in ("revision_fts", "public_fts"):
            connection.execute(text(f"INSERT INTO {table}({table}) VALUES ('optimize')"))


def search_vectors(connection: Connection, seed_value: int) -> None:
    """One search vector per published revision, as publication stores it. Encoding 100,000 texts
    would take most of an hour: a pool of encoded sentences of the corpus, each copy nudged so that
    no two are equal, costs the search exactly what real vectors would."""
    import numpy as np

    from bench import corpus

    rng = random.Random(seed_value)
    pool = embeddings.encode([corpus.title(rng, lang) for lang in ("en", "fr") * 128])
    noise = np.random.default_rng(seed_value)
    published = "SELECT published_revision_id FROM submission WHERE published_revision_id > 0"
    insert = text("INSERT INTO search_vector (revision_id, model, vector) VALUES (:id, :model, :v)")
    with connection.begin():
        ids = [row[0] for row in connection.execute(text(published))]
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            rows = pool[[i % len(pool) for i in range(start, start + len(chunk))]]
            rows = rows + noise.normal(0, 0.02, rows.shape).astype(np.float32)
            rows /= np.linalg.norm(rows, axis=1, keepdims=True)
            connection.execute(
                insert,
                [
                    {"id": id_, "model": embeddings.MODEL, "v": embeddings.to_bytes(row[None, :])}
                    for id_, row in zip(chunk, rows, strict=True)
                ],
            )


def finish(database: Database) -> None:
    """Sequences past the explicit ids (PostgreSQL), fresh statistics."""
    with database.writer.begin() as connection:
        if not database.is_sqlite:
            connection.execute(text(PUBLIC_VECTORS))
            for table in ("submission", "revision"):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    if database.is_sqlite:
        with sqlite3.connect(database.url.removeprefix("sqlite:///"), isolation_level=None) as raw:
            raw.execute("ANALYZE")
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    with database.writer.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


def seed(url: str, count: int, seed_value: int = 2019) -> dict[str, float]:
    """Build the corpus; returns how long each phase took, in seconds."""
    database = Database(url)
    reset(database)
    database = Database(url)
    clock = time.perf_counter()
    ctx = prepare(database, seed_value, count)
    database.dispose()  # the bulk connection must be the only one to leave WAL mode
    timings = {"schema": time.perf_counter() - clock}
    clock = time.perf_counter()
    with bulk(database) as connection:
        for batch in batches(ctx, seed_value, count):
            write(connection, batch)
        timings["rows"] = time.perf_counter() - clock
        clock = time.perf_counter()
        if database.is_sqlite:
            index(connection)
        search_vectors(connection, seed_value)
    finish(database)
    timings["index"] = time.perf_counter() - clock
    database.dispose()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=1000)
    parser.add_argument("--database-url", default="sqlite:///var/bench.db")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    timings = seed(args.database_url, args.practices, args.seed)
    total = sum(timings.values())
    phases = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
    print(f"{args.practices} practices in {total:.1f} s ({phases})")


if __name__ == "__main__":
    main()
