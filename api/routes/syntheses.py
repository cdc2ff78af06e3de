"""Syntheses: the presidency's consolidated report, its snapshot, texts, grouping and downloads."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse, StreamingResponse
from sqlmodel import Session

from api import creation, jobs, reports
from api.deps import ActorDep, SessionDep
from api.routes.jobs import JobRead
from api.routes.jobs import read as read_job
from api.settings import get_settings
from norms.codes import canonical
from norms.errors import Invalid
from submissions.models import Cycle
from synthesis import service
from synthesis.models import Synthesis
from synthesis.schemas import (
    DraftRead,
    Format,
    GroupingEdit,
    SectionRead,
    SynthesisCreate,
    SynthesisRead,
    TextsUpdate,
    TranslationReview,
)

IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]
LangQuery = Annotated[str, Query(pattern="^(en|fr)$", description="Report language.")]
router = APIRouter(prefix="/syntheses", tags=["syntheses"])


def read(session: Session, synthesis: Synthesis) -> SynthesisRead:
    cycle = session.get(Cycle, synthesis.cycle_id) if synthesis.cycle_id else None
    reports = {fmt.value: f"/api/v1/syntheses/{synthesis.id}/report.{fmt.value}" for fmt in Format}
    count = service.count_practices(session, synthesis.id or 0)
    return service.to_read(synthesis, count, cycle.code if cycle else None, reports)


@router.post("", response_model=JobRead, status_code=202)
def create(
    data: SynthesisCreate, session: SessionDep, actor: ActorDep, response: Response
) -> JobRead:
    """Freeze the published practices matching the options into a new draft synthesis, in the
    background: the job to follow (its `synthesis_id` once done); asked again while it runs, the
    same job (presidency)."""
    job = creation.ask(session, actor, data)
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    response.headers["Retry-After"] = "2"
    return read_job(job)


@router.get("", response_model=list[SynthesisRead])
def list_(session: SessionDep, actor: ActorDep) -> list[SynthesisRead]:
    """Published syntheses; the presidency also sees drafts."""
    return [read(session, s) for s in service.list_syntheses(session, actor)]


@router.get("/{id}", response_model=SynthesisRead)
def get(id: IdPath, session: SessionDep, actor: ActorDep) -> SynthesisRead:
    """One synthesis; a draft exists only for the presidency."""
    return read(session, service.get(session, actor, id))


@router.get(
    "/{id}/report.{fmt}",
    response_class=Response,
    responses={
        200: {"content": {t.split(";")[0]: {} for t in service.MEDIA_TYPES.values()}},
        202: {"description": "Being prepared: the job's state; ask again after Retry-After"},
    },
)
def download(
    id: IdPath,
    fmt: Format,
    session: SessionDep,
    actor: ActorDep,
    lang: LangQuery = "en",
) -> Response:
    """The report as Markdown, HTML, DOCX or PDF, in English or French; 202 while it is made."""
    synthesis = service.get(session, actor, id)
    content = reports.ready(session, synthesis, fmt, lang, get_settings())
    if isinstance(content, jobs.Job):
        return JSONResponse(
            {"state": content.state, "progress": content.progress},
            status_code=202,
            headers={"Retry-After": "5"},
        )
    disposition = "inline" if fmt in {Format.html, Format.pdf} else "attachment"
    name = service.filename(synthesis, fmt, lang)
    return StreamingResponse(
        service.chunks(content),
        media_type=service.MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'{disposition}; filename="{name}"',
            "Content-Language": lang,
            "Content-Length": str(service.size(content)),
        },
    )


@router.post("/{id}/publish", response_model=SynthesisRead)
def publish(id: IdPath, session: SessionDep, actor: ActorDep) -> SynthesisRead:
    """Publish a draft synthesis; it is public and frozen from then on, and its reports are made
    in the background (presidency)."""
    synthesis = service.publish(session, actor, id)
    reports.ask_all(session, synthesis, get_settings())
    return read(session, synthesis)


@router.patch("/{id}/texts", response_model=SynthesisRead)
def update_texts(
    id: IdPath, data: TextsUpdate, session: SessionDep, actor: ActorDep
) -> SynthesisRead:
    """Write the introduction, the way forward or a norm's framing paragraph (presidency)."""
    return read(session, service.update_texts(session, actor, id, data))


@router.get("/{id}/translations", response_model=list[DraftRead])
def list_drafts(id: IdPath, session: SessionDep, actor: ActorDep) -> list[DraftRead]:
    """The practices whose texts the report prints as unreviewed machine drafts (presidency)."""
    return [service.draft_read(d) for d in service.drafts(session, actor, id)]


@router.post("/{id}/translations", response_model=list[DraftRead])
def review_translation(
    id: IdPath, data: TranslationReview, session: SessionDep, actor: ActorDep
) -> list[DraftRead]:
    """Confirm or rewrite a practice's translated texts: each one sent is then written by a
    person, on the practice's revision and in this draft synthesis (presidency)."""
    service.review(session, actor, id, data)
    return [service.draft_read(d) for d in service.drafts(session, actor, id)]


@router.get("/{id}/grouping", response_model=list[SectionRead])
def get_grouping(
    id: IdPath,
    session: SessionDep,
    actor: ActorDep,
    norm: Annotated[str | None, Query(max_length=20, description="13a, 13(a), norm a")] = None,
) -> list[SectionRead]:
    """The consolidated points per norm and section, with their keys for editing (presidency)."""
    code = None
    if norm is not None:
        code = canonical(norm)
        if code is None:
            raise Invalid("norm", f"unknown norm {norm!r}")
    sections = service.current_grouping(session, actor, id, code)
    return [service.section_read(n, s, groups) for (n, s), groups in sections.items()]


@router.post("/{id}/edits", response_model=SectionRead, status_code=201)
def add_edit(id: IdPath, data: GroupingEdit, session: SessionDep, actor: ActorDep) -> SectionRead:
    """Merge, split, reorder or reword consolidated points; kept and replayed at every render."""
    groups = service.add_edit(session, actor, id, data)
    return service.section_read(data.norm, data.section, groups)


@router.delete("/{id}/edits/{index}", status_code=204)
def remove_edit(
    id: IdPath, index: Annotated[int, Path(ge=0, le=10_000)], session: SessionDep, actor: ActorDep
) -> Response:
    """Drop one edit (by its position in the synthesis's `edits`)."""
    service.remove_edit(session, actor, id, index)
    return Response(status_code=204)
