"""The presidency's view of background jobs: each one's state and progress, and what it made."""

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse

from api import creation, jobs
from api.deps import SessionDep
from norms.errors import NotFound
from web.deps import PresidencyDep
from web.i18n import N_

router = APIRouter(prefix="/admin/jobs")
IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]
# What each kind of job is called on the pages.
KINDS = {
    creation.NAME: N_("Creating a synthesis"),
    "report": N_("Making a report"),
    "publication": N_("Preparing a published practice"),
    "mail": N_("Sending e-mail"),
}
ACTIVE = {jobs.JobState.queued, jobs.JobState.running}


@router.get("", response_class=HTMLResponse)
def list_(view: PresidencyDep, session: SessionDep) -> HTMLResponse:
    shown = jobs.latest(session)
    return view.render(
        "admin/jobs.html",
        jobs=shown,
        kinds=KINDS,
        counts=jobs.counts(session),
        is_active=any(job.state in ACTIVE for job in shown),
    )


@router.get("/{id}", response_class=HTMLResponse)
def detail(id: IdPath, view: PresidencyDep, session: SessionDep) -> HTMLResponse:
    """One job; the page refreshes itself until the job has ended."""
    job = session.get(jobs.Job, id)
    if job is None:
        raise NotFound(f"no job {id}")
    return view.render(
        "admin/job.html",
        job=job,
        kinds=KINDS,
        synthesis_id=creation.synthesis_id(job),
        is_active=job.state in ACTIVE,
    )
