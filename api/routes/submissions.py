"""Practices: list, search, create, edit, and move through the review workflow."""

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Path, Query, Response, status
from sqlmodel import Session

from api import public_list
from api.deps import ActorDep, SessionDep
from api.errors import responses
from submissions import cursors, present, translation, workflow
from submissions.access import Actor, shown_revision_id
from submissions.listing import Filters, load_rows, page_keys
from submissions.models import Revision, Status, Submission
from submissions.schemas import (
    Page,
    ReturnRequest,
    RevisionRead,
    SubmissionCreate,
    SubmissionRead,
    SubmissionUpdate,
)

IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]
router = APIRouter(prefix="/submissions", tags=["submissions"])


def etag(submission: Submission) -> str:
    return f'"{submission.id}.{submission.version}"'


def parse_if_match(value: str | None, submission_id: int) -> int:
    if value is None:
        raise HTTPException(
            status.HTTP_428_PRECONDITION_REQUIRED, "send If-Match with the ETag you read"
        )
    tag = value.strip().removeprefix("W/").strip('"')
    prefix = f"{submission_id}."
    if not tag.startswith(prefix) or not tag[len(prefix) :].isdigit():
        raise HTTPException(
            status.HTTP_412_PRECONDITION_FAILED, "If-Match does not match this submission"
        )
    return int(tag[len(prefix) :])


def read(
    session: Session, actor: Actor, submission: Submission, response: Response
) -> SubmissionRead:
    revision = session.get(Revision, shown_revision_id(actor, submission))
    assert revision is not None
    response.headers["ETag"] = etag(submission)
    return present.to_read(actor, submission, revision, present.cycle_codes(session))


@router.get(
    "",
    response_model=Page[SubmissionRead],
    responses={304: {"description": "Not modified: the ETag in If-None-Match is current"}},
)
async def list_(
    session: SessionDep,
    actor: ActorDep,
    norm: Annotated[
        str | None, Query(max_length=20, description="13a, 13(a), norm a, norm 1")
    ] = None,
    participant: Annotated[str | None, Query(max_length=3)] = None,
    theme: Annotated[str | None, Query(max_length=40)] = None,
    status_: Annotated[Status | None, Query(alias="status")] = None,
    cycle: Annotated[str | None, Query(max_length=40)] = None,
    language: Annotated[str | None, Query(pattern="^(en|fr)$")] = None,
    year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    q: Annotated[str | None, Query(max_length=200, description="full-text search, ranked")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[
        str | None,
        Query(max_length=200, description="a list's `next_cursor`: the page after it (not for q)"),
    ] = None,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Page[SubmissionRead]:
    """Practices this caller may see, newest first, or ranked for `q`; anonymous callers get
    published work only, with an ETag (send it back in If-None-Match: 304 while nothing public
    has changed). Deep pages of a list are cheaper by `cursor` than by `page`."""
    filters = Filters(norm, participant, theme, status_, cycle, language, year, q)
    after = cursors.decode(cursor, actor) if cursor is not None else None
    if actor.is_anonymous:
        answer = public_list.respond(session, filters, page, page_size, if_none_match, after)
        return Response(answer.body, answer.status, answer.headers)  # type: ignore[return-value]
    keys = page_keys(session, actor, filters, page, page_size, cursor=after)
    rows = load_rows(session, actor, keys.found, keys.matcher)
    cycles = present.cycle_codes(session)
    items = [present.to_read(actor, row.submission, row.revision, cycles) for row in rows]
    return Page(
        items=items,
        total=keys.total,
        page=page,
        page_size=page_size,
        next_cursor=keys.next_cursor,
    )


@router.post("", response_model=SubmissionRead, status_code=201)
def create(
    data: SubmissionCreate, session: SessionDep, actor: ActorDep, response: Response
) -> SubmissionRead:
    """Create a draft for the caller's own participant (the presidency may name any)."""
    submission = workflow.create(session, actor, data)
    response.headers["Location"] = f"/api/v1/submissions/{submission.id}"
    return read(session, actor, submission, response)


@router.get("/{id}", response_model=SubmissionRead)
async def get(
    id: IdPath, session: SessionDep, actor: ActorDep, response: Response
) -> SubmissionRead:
    """One practice; its ETag is what PATCH's If-Match must carry."""
    return read(session, actor, workflow.get(session, actor, id), response)


@router.patch("/{id}", response_model=SubmissionRead, responses=responses(412, 428))
def update(
    id: IdPath,
    data: SubmissionUpdate,
    session: SessionDep,
    actor: ActorDep,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> SubmissionRead:
    """Write a new revision. Requires If-Match (428 without, 412 if someone wrote first)."""
    expected = parse_if_match(if_match, id)
    submission = workflow.update_content(session, actor, id, data, expected)
    return read(session, actor, submission, response)


@router.post("/{id}/submit", response_model=SubmissionRead)
def submit(id: IdPath, session: SessionDep, actor: ActorDep, response: Response) -> SubmissionRead:
    """Send a draft or returned practice to the presidency for review."""
    return read(session, actor, workflow.submit(session, actor, id), response)


@router.post("/{id}/publish", response_model=SubmissionRead)
def publish(id: IdPath, session: SessionDep, actor: ActorDep, response: Response) -> SubmissionRead:
    """Publish a submitted practice (presidency)."""
    return read(session, actor, workflow.publish(session, actor, id), response)


@router.post("/{id}/return", response_model=SubmissionRead)
def return_(
    id: IdPath, data: ReturnRequest, session: SessionDep, actor: ActorDep, response: Response
) -> SubmissionRead:
    """Return a submitted practice to its delegation with a comment (presidency)."""
    return read(session, actor, workflow.return_(session, actor, id, data.comment), response)


@router.post("/{id}/withdraw", response_model=SubmissionRead)
def withdraw(
    id: IdPath, session: SessionDep, actor: ActorDep, response: Response
) -> SubmissionRead:
    """Withdraw a practice (its delegation or the presidency); it leaves public view."""
    return read(session, actor, workflow.withdraw(session, actor, id), response)


@router.get("/{id}/revisions", response_model=list[RevisionRead])
def revisions(id: IdPath, session: SessionDep, actor: ActorDep) -> list[RevisionRead]:
    """Every revision for its delegation and the presidency; published ones for others."""
    return [
        present.revision_read(r, translation.of(session, r.id or 0))
        for r in workflow.revisions(session, actor, id)
    ]
