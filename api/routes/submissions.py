"""Practices: list, search, create, edit, and move through the review workflow."""

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Path, Query, Response, status
from pydantic import Field, StringConstraints
from sqlmodel import Session

from api import public_list
from api.deps import ActorDep, SessionDep
from api.errors import responses
from norms.codes import version_number
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


def _links() -> dict[str, object]:
    """OpenAPI links from a practice's answer to what may follow (read, edit with its ETag, the
    workflow), so that clients and stateful tests can chain the operations."""
    item = "~1api~1v1~1submissions~1{id}"
    id_ = {"id": "$response.body#/id"}
    follow = {
        "Read": (f"#/paths/{item}/get", id_),
        "Edit": (f"#/paths/{item}/patch", {**id_, "header.If-Match": "$response.header.ETag"}),
        "Submit": (f"#/paths/{item}~1submit/post", id_),
        "Publish": (f"#/paths/{item}~1publish/post", id_),
        "Return": (f"#/paths/{item}~1return/post", id_),
        "Withdraw": (f"#/paths/{item}~1withdraw/post", id_),
        "Revisions": (f"#/paths/{item}~1revisions/get", id_),
    }
    return {
        name: {"operationRef": ref, "parameters": params} for name, (ref, params) in follow.items()
    }


def _practice(status_code: int, description: str) -> dict[int | str, dict[str, object]]:
    return {status_code: {"description": description, "links": _links()}}


def etag(submission: Submission, version: int | None = None) -> str:
    """`version`: the one the reader was shown (the public's is the published revision's)."""
    return f'"{submission.id}.{submission.version if version is None else version}"'


def parse_if_match(value: str | None, submission_id: int) -> int:
    if value is None:
        raise HTTPException(
            status.HTTP_428_PRECONDITION_REQUIRED, "send If-Match with the ETag you read"
        )
    tag = value.strip().removeprefix("W/").strip('"')
    prefix = f"{submission_id}."
    version = version_number(tag[len(prefix) :]) if tag.startswith(prefix) else None
    if version is None:
        raise HTTPException(
            status.HTTP_412_PRECONDITION_FAILED, "If-Match does not match this submission"
        )
    return version


def read(
    session: Session, actor: Actor, submission: Submission, response: Response
) -> SubmissionRead:
    revision = session.get(Revision, shown_revision_id(actor, submission))
    assert revision is not None
    shown = present.to_read(actor, submission, revision, present.cycle_codes(session))
    response.headers["ETag"] = etag(submission, shown.version)
    return shown


@router.get(
    "",
    response_model=Page[SubmissionRead],
    responses={304: {"description": "Not modified: the ETag in If-None-Match is current"}},
)
def list_(
    session: SessionDep,
    actor: ActorDep,
    norm: Annotated[
        list[Annotated[str, StringConstraints(max_length=20)]],
        Query(max_length=11, description="13a, 13(a), norm a, norm 1; repeated: any of them"),
    ] = [],  # noqa: B006 (FastAPI copies a query's default list)
    participant: Annotated[
        list[Annotated[str, StringConstraints(max_length=3)]],
        Query(max_length=20, description="a participant's code; repeated: any of them"),
    ] = [],  # noqa: B006
    theme: Annotated[
        list[Annotated[str, StringConstraints(max_length=40)]],
        Query(max_length=20, description="a theme's code; repeated: any of them"),
    ] = [],  # noqa: B006
    status_: Annotated[Status | None, Query(alias="status")] = None,
    cycle: Annotated[str | None, Query(max_length=40)] = None,
    language: Annotated[
        list[Annotated[str, StringConstraints(pattern="^(en|fr)$")]],
        Query(max_length=2, description="en or fr; repeated: either"),
    ] = [],  # noqa: B006
    year: Annotated[
        list[Annotated[int, Field(ge=1990, le=2100)]],
        Query(max_length=20, description="year of publication; repeated: any of them"),
    ] = [],  # noqa: B006
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="search, ranked as the /search page ranks it for anonymous callers: "
            "full text and meaning fused (a French query finds English practices), names of "
            "participants and norms as filters, typos corrected; full text alone when signed in",
        ),
    ] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[
        str | None,
        Query(max_length=200, description="a list's `next_cursor`: the page after it (not for q)"),
    ] = None,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Page[SubmissionRead]:
    """Practices this caller may see, newest first, or ranked for `q`; a repeated filter keeps
    any of its values (`norm=13c&norm=13g`), different filters all apply. Anonymous callers get
    published work only, with an ETag (send it back in If-None-Match: 304 while nothing public
    has changed). Deep pages of a list are cheaper by `cursor` than by `page`."""
    filters = Filters(
        tuple(norm),
        tuple(participant),
        tuple(theme),
        status_,
        cycle,
        tuple(language),
        tuple(year),
        q,
    )
    after = cursors.decode(cursor, actor) if cursor is not None else None
    if actor.is_anonymous:
        answer = public_list.respond(session, filters, page, page_size, if_none_match, after)
        return Response(answer.body, answer.status, answer.headers)  # type: ignore[return-value]
    keys = page_keys(session, actor, filters, page, page_size, cursor=after)
    rows = load_rows(session, actor, keys.found)
    cycles = present.cycle_codes(session)
    items = [present.to_read(actor, row.submission, row.revision, cycles) for row in rows]
    return Page(
        items=items,
        total=keys.total,
        page=page,
        page_size=page_size,
        next_cursor=keys.next_cursor,
    )


@router.post(
    "", response_model=SubmissionRead, status_code=201, responses=_practice(201, "Created")
)
def create(
    data: SubmissionCreate, session: SessionDep, actor: ActorDep, response: Response
) -> SubmissionRead:
    """Create a draft for the caller's own participant (the presidency may name any)."""
    submission = workflow.create(session, actor, data)
    response.headers["Location"] = f"/api/v1/submissions/{submission.id}"
    return read(session, actor, submission, response)


@router.get("/{id}", response_model=SubmissionRead, responses=_practice(200, "The practice"))
def get(id: IdPath, session: SessionDep, actor: ActorDep, response: Response) -> SubmissionRead:
    """One practice; its ETag is what PATCH's If-Match must carry."""
    return read(session, actor, workflow.get(session, actor, id), response)


@router.patch(
    "/{id}",
    response_model=SubmissionRead,
    responses={**responses(412, 428), **_practice(200, "Saved as a new revision")},
)
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


@router.post("/{id}/submit", response_model=SubmissionRead, responses=_practice(200, "Submitted"))
def submit(id: IdPath, session: SessionDep, actor: ActorDep, response: Response) -> SubmissionRead:
    """Send a draft or returned practice to the presidency for review."""
    return read(session, actor, workflow.submit(session, actor, id), response)


@router.post("/{id}/publish", response_model=SubmissionRead, responses=_practice(200, "Published"))
def publish(id: IdPath, session: SessionDep, actor: ActorDep, response: Response) -> SubmissionRead:
    """Publish a submitted practice (presidency)."""
    return read(session, actor, workflow.publish(session, actor, id), response)


@router.post("/{id}/return", response_model=SubmissionRead, responses=_practice(200, "Returned"))
def return_(
    id: IdPath, data: ReturnRequest, session: SessionDep, actor: ActorDep, response: Response
) -> SubmissionRead:
    """Return a submitted practice to its delegation with a comment (presidency)."""
    return read(session, actor, workflow.return_(session, actor, id, data.comment), response)


@router.post("/{id}/withdraw", response_model=SubmissionRead, responses=_practice(200, "Withdrawn"))
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
