"""The publication job: once a transaction that published revisions commits, one job per revision
encodes its texts and, with NORMBOOK_TRANSLATION set, drafts their translations
(`submissions.publication`). The request that publishes does neither.
"""

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from api import jobs, queue
from api.settings import get_settings
from submissions import publication
from submissions.translators import provider

NAME = "publication"


def ask(session: Session, revision_id: int) -> jobs.Job:
    """The job preparing this published revision, asked in `session`'s transaction (once)."""
    job = jobs.enqueue_after_commit(
        session, NAME, f"{NAME}:{revision_id}", f"revision:{revision_id}", revision_id=revision_id
    )
    if queue.is_inline() and job.state == jobs.JobState.queued:
        queue.run_here(session, job)
    return job


@jobs.job(NAME, writes=True)
def prepare(session: Session, progress: jobs.Progress, revision_id: int) -> dict[str, Any]:
    translator = provider(get_settings().translation)
    return publication.prepare(session, revision_id, translator)


@event.listens_for(OrmSession, "before_commit")
def _ask_for_published(session: OrmSession) -> None:
    for revision_id in sorted(publication.take(session)):  # type: ignore[arg-type]
        ask(session, revision_id)  # type: ignore[arg-type]


@event.listens_for(OrmSession, "after_rollback")
def _forget(session: OrmSession) -> None:
    publication.take(session)  # type: ignore[arg-type]
