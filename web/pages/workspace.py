"""The delegation's workspace: its practices by status, writing, editing, submitting, withdrawing."""

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from api.deps import SessionDep
from norms.codes import version_number
from norms.errors import Forbidden, Invalid, Stale
from norms.lang import pick
from submissions import cycles, present, translation, workflow
from submissions.access import owns
from submissions.listing import Filters, list_submissions
from submissions.markdown import render as markdown
from submissions.models import Revision, Status, Submission
from submissions.schemas import SubmissionCreate, SubmissionRead, SubmissionUpdate
from web import diffs, names
from web.deps import DelegationDep, FormDep, View
from web.forms import PracticeForm, comparable
from web.i18n import N_
from web.practices import reads

router = APIRouter(prefix="/workspace")
IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]
DASHBOARD_SIZE = 500


def working(session: Session, view: View, submission: Submission) -> SubmissionRead:
    revision = session.get(Revision, submission.current_revision_id)
    assert revision is not None
    return present.to_read(view.actor, submission, revision, present.cycle_codes(session))


def own(session: Session, view: View, id: int) -> Submission:
    submission = workflow.get(session, view.actor, id)
    if not owns(view.actor, submission):
        raise Forbidden("only the owning delegation may edit this practice")
    return submission


def form_page(
    view: View, session: Session, practice: PracticeForm, status_code: int = 200, **values: Any
) -> HTMLResponse:
    norm_options = list(names.norms(session, view.lang).items())
    theme_names = names.themes(session, view.lang)
    is_preview = values.pop("preview", False)
    return view.render(
        "workspace/form.html",
        status_code=status_code,
        form=practice.values,
        errors=practice.errors,
        error_summary=practice.summary(),
        preview=preview_of(practice, dict(norm_options), theme_names) if is_preview else None,
        norm_options=norm_options,
        theme_options=list(theme_names.items()),
        cycle_options=[(c.code, pick(c, "title", view.lang)) for c in cycles.list_cycles(session)],
        **values,
    )


def preview_of(
    practice: PracticeForm, norm_titles: dict[str, str], theme_names: dict[str, str]
) -> dict[str, Any]:
    """The unsaved form as the public would read it: texts rendered, norms and themes by name."""
    values = practice.values
    shown: dict[str, Any] = {
        f: markdown(values.get(f) or "") for f in ("body", "best_practices", "lessons_learned")
    }
    shown["norms"] = [
        (code, norm_titles[code].split(" ", 1)[-1])
        for code in values["norms"]
        if code in norm_titles
    ]
    shown["themes"] = [theme_names[code] for code in values["themes"] if code in theme_names]
    shown["references"] = [
        ref for ref in practice.references() if ref["url"].startswith(("https://", "http://"))
    ]
    return shown


def domain_error(view: View, practice: PracticeForm, error: Invalid) -> None:
    practice.errors[error.field] = view.gettext(error.message)


@router.get("", response_class=HTMLResponse)
def dashboard(view: DelegationDep, session: SessionDep) -> HTMLResponse:
    filters = Filters(participant=(view.actor.participant or "",))
    rows, _ = list_submissions(session, view.actor, filters, 1, DASHBOARD_SIZE)
    items = reads(session, view.actor, rows)
    return view.render(
        "workspace/dashboard.html",
        groups=[(status, [i for i in items if i.status == status]) for status in Status],
        participant=names.participants(session, view.lang).get(view.actor.participant or ""),
    )


@router.get("/practices/new", response_class=HTMLResponse)
def new_practice(view: DelegationDep, session: SessionDep) -> HTMLResponse:
    return form_page(view, session, PracticeForm.of(None), action="/workspace/practices/new")


@router.post("/practices/new", response_class=HTMLResponse)
def create_practice(view: DelegationDep, session: SessionDep, form: FormDep) -> Response:
    practice = PracticeForm.posted(form)
    page: dict[str, Any] = {"action": "/workspace/practices/new"}
    if form.get("action") == "preview":
        return form_page(view, session, practice, preview=True, **page)
    data = practice.validate(SubmissionCreate, view.gettext)
    if data is None:
        return form_page(view, session, practice, 422, **page)
    try:
        submission = workflow.create(session, view.actor, data)
    except Invalid as error:
        domain_error(view, practice, error)
        return form_page(view, session, practice, 422, **page)
    if form.get("action") == "submit":
        workflow.submit(session, view.actor, submission.id or 0)
        return view.redirect(
            f"/practices/{submission.id}", N_("Sent to the presidency for review.")
        )
    return view.redirect(f"/practices/{submission.id}", N_("Draft saved."))


@router.get("/practices/{id}/edit", response_class=HTMLResponse)
def edit_practice(id: IdPath, view: DelegationDep, session: SessionDep) -> HTMLResponse:
    submission = own(session, view, id)
    item = working(session, view, submission)
    return form_page(
        view,
        session,
        PracticeForm.of(item, translation.of(session, submission.current_revision_id or 0)),
        action=f"/workspace/practices/{id}/edit",
        item=item,
        version=submission.version,
    )


@router.post("/practices/{id}/edit", response_class=HTMLResponse)
def update_practice(
    id: IdPath, view: DelegationDep, session: SessionDep, form: FormDep
) -> Response:
    submission = own(session, view, id)
    practice = PracticeForm.posted(form)
    version = str(form.get("version") or "")
    page: dict[str, Any] = {
        "action": f"/workspace/practices/{id}/edit",
        "item": working(session, view, submission),
        "version": version,
    }
    if form.get("action") == "preview":
        return form_page(view, session, practice, preview=True, **page)
    data = practice.validate(SubmissionCreate, view.gettext)
    if data is None:
        return form_page(view, session, practice, 422, **page)
    update = SubmissionUpdate.model_validate(data.model_dump(exclude={"participant"}))
    try:
        expected = version_number(version)
        expected = -1 if expected is None else expected
        workflow.update_content(session, view.actor, id, update, expected)
    except Stale:
        return conflict_page(view, session, submission, practice)
    except Invalid as error:
        domain_error(view, practice, error)
        return form_page(view, session, practice, 422, **page)
    if form.get("action") == "submit" and submission.status != Status.submitted:
        workflow.submit(session, view.actor, id)
        return view.redirect(f"/practices/{id}", N_("Saved and sent to the presidency for review."))
    return view.redirect(f"/practices/{id}", N_("Changes saved."))


def conflict_page(
    view: View, session: Session, submission: Submission, practice: PracticeForm
) -> HTMLResponse:
    """Someone saved first: show what differs between the saved version and this one, keep both."""
    session.refresh(submission)
    saved = working(session, view, submission)
    return form_page(
        view,
        session,
        practice,
        409,
        action=f"/workspace/practices/{submission.id}/edit",
        item=saved,
        version=submission.version,
        conflict=diffs.changes(
            comparable(PracticeForm.of(saved).values), comparable(practice.values)
        ),
    )


@router.post("/practices/{id}/submit")
def submit_practice(
    id: IdPath, view: DelegationDep, session: SessionDep, form: FormDep
) -> Response:
    workflow.submit(session, view.actor, id)
    return view.redirect("/workspace", N_("Sent to the presidency for review."))


@router.post("/practices/{id}/withdraw")
def withdraw_practice(
    id: IdPath, view: DelegationDep, session: SessionDep, form: FormDep
) -> Response:
    workflow.withdraw(session, view.actor, id)
    return view.redirect("/workspace", N_("Practice withdrawn."))
