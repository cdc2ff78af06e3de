"""Background jobs as the presidency follows them: state, progress, and what each made."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel

from api import creation, jobs
from api.deps import ActorDep, SessionDep
from norms.errors import NotFound
from submissions.access import require_presidency

router = APIRouter(prefix="/jobs", tags=["jobs"])
IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]


class JobRead(BaseModel):
    id: int
    name: str
    subject: str
    state: jobs.JobState
    progress: float
    error: str | None
    synthesis_id: int | None  # the draft a done `create_synthesis` job made
    result: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    url: str


def read(job: jobs.Job) -> JobRead:
    return JobRead(
        id=job.id or 0,
        name=job.name,
        subject=job.subject,
        state=jobs.JobState(job.state),
        progress=job.progress,
        error=job.error,
        synthesis_id=creation.synthesis_id(job),
        result=job.result,
        created_at=job.created_at,
        updated_at=job.updated_at,
        url=f"/api/v1/jobs/{job.id}",
    )


@router.get("", response_model=list[JobRead])
def list_(session: SessionDep, actor: ActorDep) -> list[JobRead]:
    """The latest background jobs, most recently changed first (presidency)."""
    require_presidency(actor)
    return [read(job) for job in jobs.latest(session)]


@router.get("/{id}", response_model=JobRead)
def get(id: IdPath, session: SessionDep, actor: ActorDep) -> JobRead:
    """One job's state and progress; a failed one says why (presidency)."""
    require_presidency(actor)
    job = session.get(jobs.Job, id)
    if job is None:
        raise NotFound(f"no job {id}")
    return read(job)
