"""The presidency's administration: users (invite a delegation, deactivate) and the audit log."""

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from api import accounts
from api.deps import SessionDep
from norms.errors import Conflict, Invalid
from submissions import audit
from web import names
from web.deps import FormDep, PresidencyDep, View
from web.filters import PageNumber
from web.i18n import N_

router = APIRouter(prefix="/admin")
AUDIT_PAGE = 50


def users_page(
    view: View, session: Session, status_code: int = 200, **values: object
) -> HTMLResponse:
    return view.render(
        "admin/users.html",
        status_code=status_code,
        users=accounts.list_users(session),
        names=names.participants(session, view.lang),
        **{"form": {}, "errors": {}, **values},
    )


@router.get("/users", response_class=HTMLResponse)
def users(view: PresidencyDep, session: SessionDep) -> HTMLResponse:
    return users_page(view, session)


@router.post("/users", response_class=HTMLResponse)
def invite(view: PresidencyDep, session: SessionDep, form: FormDep) -> Response:
    values = {name: str(form.get(name) or "").strip()[:320] for name in ("email", "participant")}
    role = str(form.get("role") or "delegation")
    password = str(form.get("password") or "")[:200]
    try:
        accounts.invite(
            session, view.actor, values["email"], password, role, values["participant"] or None
        )
    except Invalid as error:
        errors = {error.field: error.message}
        return users_page(view, session, 422, form={**values, "role": role}, errors=errors)
    except Conflict as error:
        errors = {"email": error.message}
        return users_page(view, session, 409, form={**values, "role": role}, errors=errors)
    return view.redirect("/admin/users", N_("User invited."))


@router.post("/users/{id}/active")
def set_active(
    id: Annotated[int, Path(ge=1, le=2_147_483_647)],
    view: PresidencyDep,
    session: SessionDep,
    form: FormDep,
) -> Response:
    is_active = form.get("active") == "1"
    accounts.set_active(session, view.actor, id, is_active)
    return view.redirect(
        "/admin/users", N_("User reactivated.") if is_active else N_("User deactivated.")
    )


@router.get("/audit", response_class=HTMLResponse)
def audit_log(view: PresidencyDep, session: SessionDep, page: PageNumber = 1) -> HTMLResponse:
    entries, total = audit.list_entries(session, view.actor, page, AUDIT_PAGE)
    emails = {u.id: u.email for u in accounts.list_users(session)}
    return view.render(
        "admin/audit.html",
        entries=entries,
        emails=emails,
        total=total,
        page=page,
        page_size=AUDIT_PAGE,
    )
