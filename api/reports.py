"""Kept reports: one file per synthesis, format and language, made by the worker, never a request.

A published synthesis's eight reports are asked for when it is published; a draft's when someone
downloads it, for its current texts and edits (its `stamp`). A request gets the kept file when
the job for the synthesis as it stands is done, and otherwise the job (202, "being prepared").
Links in reports use `NORMBOOK_BASE_URL`, never the request's Host. A draft's file is replaced when
a newer version of it is made, and files of syntheses that no longer exist are removed.
"""

import hashlib
import os
import re
from pathlib import Path
from typing import BinaryIO

import orjson
from sqlmodel import Session

from api import jobs, queue
from api.settings import Settings
from synthesis import service
from synthesis.models import Synthesis
from synthesis.schemas import Format

NAME = "report"
LANGS = ("en", "fr")
_KEPT = re.compile(r"synthesis-(\d+)-(en|fr)\.(md|html|docx|pdf)")


def stamp(synthesis: Synthesis) -> str:
    """What the synthesis's reports depend on that can change: its state, title, texts and edits."""
    published = synthesis.published_at.isoformat() if synthesis.published_at else ""
    parts = [synthesis.status, published, synthesis.title, synthesis.texts, synthesis.edits]
    return hashlib.sha256(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)).hexdigest()[:20]


def key(synthesis: Synthesis, fmt: Format, lang: str) -> str:
    return f"report:{synthesis.id}:{fmt.value}:{lang}:{stamp(synthesis)}"


def path(store: Path, synthesis_id: int, fmt: Format | str, lang: str) -> Path:
    value = fmt.value if isinstance(fmt, Format) else fmt
    return store / f"synthesis-{synthesis_id}-{lang}.{value}"


def subject(synthesis_id: int) -> str:
    return f"synthesis:{synthesis_id}"


def ask(
    session: Session, synthesis: Synthesis, fmt: Format, lang: str, settings: Settings
) -> jobs.Job:
    """The job that makes this report, asked for in `session`'s transaction (once)."""
    return jobs.enqueue_after_commit(
        session,
        NAME,
        key(synthesis, fmt, lang),
        subject(synthesis.id or 0),
        synthesis_id=synthesis.id,
        fmt=fmt.value,
        lang=lang,
        version=stamp(synthesis),
        base_url=settings.base_url.rstrip("/"),
        store=str(settings.report_cache),
    )


def ask_all(session: Session, synthesis: Synthesis, settings: Settings) -> None:
    """Every format in both languages: asked for when a synthesis is published."""
    for lang in LANGS:
        for fmt in Format:
            ask(session, synthesis, fmt, lang, settings)


def current_jobs(session: Session, synthesis: Synthesis) -> list[jobs.Job]:
    """The jobs making the synthesis's reports as it stands (not those of earlier versions)."""
    version = stamp(synthesis)
    found = jobs.of_subject(session, subject(synthesis.id or 0))
    return [job for job in found if job.args.get("version") == version]


def ready(
    session: Session, synthesis: Synthesis, fmt: Format, lang: str, settings: Settings
) -> BinaryIO | jobs.Job:
    """The kept report, open, or the job making it (asked for now if nobody had)."""
    found = jobs.find(session, key(synthesis, fmt, lang))
    if found is not None and found.state == jobs.JobState.done:
        try:
            return path(settings.report_cache, synthesis.id or 0, fmt, lang).open("rb")
        except FileNotFoundError:  # the store was emptied: make it again
            found = None
    if queue.is_inline():
        job = ask(session, synthesis, fmt, lang, settings)
        queue.run_here(session, job)
        return path(settings.report_cache, synthesis.id or 0, fmt, lang).open("rb")
    if found is not None and found.state in {jobs.JobState.queued, jobs.JobState.running}:
        return found
    # Its own short transaction: the request's own is a read, and the worker must hear of it now.
    with queue.database().transaction() as own:
        row = own.get(Synthesis, synthesis.id)
        if row is None:
            raise LookupError(synthesis.id)
        job = ask(own, row, fmt, lang, settings)
        if job.state == jobs.JobState.done:  # the store lost it: again
            job.state = jobs.JobState.queued
            own.add(job)
            own.info.setdefault(jobs.PENDING, set()).add(job.id)
    return job


@jobs.job(NAME)
def make_report(
    session: Session,
    progress: jobs.Progress,
    synthesis_id: int,
    fmt: str,
    lang: str,
    version: str,
    base_url: str,
    store: str,
) -> None:
    directory = Path(store)
    evict(session, directory)
    synthesis = session.get(Synthesis, synthesis_id)
    if synthesis is None or stamp(synthesis) != version:
        return  # deleted, or superseded by a newer draft whose own job makes its report
    directory.mkdir(parents=True, exist_ok=True)
    target = path(directory, synthesis_id, fmt, lang)
    part = directory / f".{target.name}.{os.getpid()}.part"
    try:
        document = service.document(session, synthesis, lang, base_url)
        progress(0.2)
        with part.open("wb") as out:
            service.write_to(document, Format(fmt), out, base_url)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, target)  # whole or not at all, for every instance reading the store


def evict(session: Session, store: Path) -> list[Path]:
    """Remove the kept reports of syntheses that no longer exist."""
    try:
        names = os.listdir(store)
    except OSError:
        return []
    ids = {int(match.group(1)) for name in names if (match := _KEPT.fullmatch(name))}
    if not ids:
        return []
    existing = service.existing_ids(session, ids)
    removed = []
    for name in names:
        match = _KEPT.fullmatch(name)
        if match and int(match.group(1)) not in existing:
            (store / name).unlink(missing_ok=True)
            removed.append(store / name)
    return removed
