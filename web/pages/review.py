"""The presidency's review: the queue (oldest first), what changed since publication, publish or return."""

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from api.deps import SessionDep
from norms import catalogue
from submissions import messages, present, workflow
from submissions.listing import Filters, list_submissions
from submissions.models import Revision, Status
from web import names, review_diff
from web.deps import FormDep, PresidencyDep, View
from web.i18n import N_
from web.practices import reads

router = APIRouter(prefix="/review")
IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]
QUEUE_SIZE = 500
MAX_COMMENT = 5000


@router.get("", response_class=HTMLResponse)
def queue(view: PresidencyDep, session: SessionDep) -> HTMLResponse:
    waiting, _ = list_submissions(
        session, view.actor, Filters(status=Status.submitted), 1, QUEUE_SIZE
    )
    waiting.sort(key=lambda row: row.submission.submitted_at or row.submission.updated_at)
    returned, _ = list_submissions(
        session, view.actor, Filters(status=Status.returned), 1, QUEUE_SIZE
    )
    return view.render(
        "review/queue.html",
        waiting=list(zip(reads(session, view.actor, waiting), waiting, strict=True)),
        returned=reads(session, view.actor, returned),
        names=names.participants(session, view.lang),
    )


def review_page(
    view: View, session: Session, id: int, status_code: int = 200, **values: object
) -> HTMLResponse:
    submission = workflow.get(session, view.actor, id)
    cycles = present.cycle_codes(session)
    current = session.get(Revision, submission.current_revision_id)
    assert current is not None
    item = present.to_read(view.actor, submission, current, cycles)
    published = (
        session.get(Revision, submission.published_revision_id)
        if submission.published_revision_id is not None
        else None
    )
    norms = {n.code: n for n in catalogue.list_norms(session)}
    theme_names = names.themes(session, view.lang)
    changes = None
    if published is not None:
        before = present.to_read(view.actor, submission, published, cycles)
        norm_names = names.norms(session, view.lang)
        changes = review_diff.changes(before, item, norm_names, theme_names)
    return view.render(
        "review/detail.html",
        status_code=status_code,
        item=item,
        submission=submission,
        published=published,
        changes=changes,
        history=workflow.revisions(session, view.actor, id),
        norms=norms,
        names=names.participants(session, view.lang),
        theme_names=theme_names,
        **values,
    )


@router.get("/{id}", response_class=HTMLResponse)
def review(id: IdPath, view: PresidencyDep, session: SessionDep) -> HTMLResponse:
    return review_page(view, session, id)


@router.post("/{id}/publish")
def publish(id: IdPath, view: PresidencyDep, session: SessionDep, form: FormDep) -> Response:
    workflow.publish(session, view.actor, id)
    return view.redirect("/review", N_("Practice published."))


@router.post("/{id}/return")
def return_(id: IdPath, view: PresidencyDep, session: SessionDep, form: FormDep) -> Response:
    comment = str(form.get("comment") or "").strip()
    if not comment or len(comment) > MAX_COMMENT:
        message = view.gettext(
            messages.describe("comment", "too_long" if comment else "missing") or ""
        )
        return review_page(view, session, id, 422, comment=comment, comment_error=message)
    workflow.return_(session, view.actor, id, comment)
    return view.redirect("/review", N_("Returned to the delegation with your comment."))
