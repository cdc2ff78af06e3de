"""Creating a synthesis is a background job: the request checks the options and queues the job;
the worker freezes the snapshot and records its progress; the new draft's id is the job's result.

Two requests for the same synthesis while it is being made are one job (its key is the options as
asked); asked again once it is done, it makes a new draft.
"""

import hashlib
from typing import Any

import orjson
from sqlmodel import Session

from api import jobs, queue
from norms.models import utcnow
from submissions.access import Actor
from submissions.models import Role
from synthesis import service
from synthesis.schemas import SynthesisCreate

NAME = "create_synthesis"
SUBJECT = "syntheses"


def key(data: SynthesisCreate) -> str:
    asked = orjson.dumps(data.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)
    return f"{NAME}:{hashlib.sha256(asked).hexdigest()[:40]}"


def ask(session: Session, actor: Actor, data: SynthesisCreate) -> jobs.Job:
    """The job that makes this synthesis (refused now if the options are): practices as
    published at this request's moment unless `as_of` says otherwise."""
    service.check_create(session, actor, data)
    fixed = data if data.as_of else data.model_copy(update={"as_of": utcnow()})
    job = jobs.enqueue_after_commit(
        session,
        NAME,
        key(data),
        SUBJECT,
        again=True,
        data=fixed.model_dump(mode="json"),
        user_id=actor.user_id,
    )
    if queue.is_inline() and job.state == jobs.JobState.queued:
        queue.run_here(session, job)
    return job


def synthesis_id(job: jobs.Job) -> int | None:
    """The draft a done creation job made."""
    return (job.result or {}).get("synthesis_id") if job.name == NAME else None


@jobs.job(NAME, writes=True)
def make(
    session: Session, progress: jobs.Progress, data: dict[str, Any], user_id: int | None
) -> dict[str, Any]:
    actor = Actor(user_id=user_id, role=Role.presidency)
    made = service.create(session, actor, SynthesisCreate.model_validate(data), progress)
    return {"synthesis_id": made.id}
