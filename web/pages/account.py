"""Logging in and out of the workspaces."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api import accounts, throttle
from api.deps import SessionDep, SettingsDep
from submissions.models import Role
from web import sessions
from web.deps import FormDep, ViewDep
from web.i18n import N_

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only a path on this site: no scheme, no host, no `//`."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return ""
    return target


def home_of(role: str) -> str:
    return "/review" if role == Role.presidency else "/workspace"


@router.get("/login", response_class=HTMLResponse)
def login_form(view: ViewDep, next: Annotated[str, Query(max_length=500)] = "") -> Response:
    if view.user is not None:
        return view.redirect(safe_next(next) or home_of(view.user.role))
    return view.render("account/login.html", next=safe_next(next), email="")


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request, view: ViewDep, session: SessionDep, settings: SettingsDep, form: FormDep
) -> Response:
    email = str(form.get("email") or "").strip()[:320]
    password = str(form.get("password") or "")[:500]
    target = safe_next(str(form.get("next") or ""))
    keys = throttle.guess(request.client.host if request.client else "?", email)
    wait = throttle.attempt(session, keys, throttle.limits(settings))
    if wait:
        response = view.render("errors/429.html", status_code=429, status=429)
        response.headers["Retry-After"] = str(wait)
        return response
    user = accounts.authenticate(session, email, password) if email and password else None
    if user is None:
        return view.render(
            "account/login.html", status_code=400, next=target, email=email, failed=True
        )
    throttle.succeeded(session, keys)
    user.lang = view.lang.value  # e-mails follow the language the user works in
    sessions.log_in(request, session, user, settings.session_lifetime_minutes)
    return view.redirect(target or home_of(user.role), N_("You are logged in."))


@router.post("/logout")
def logout(request: Request, view: ViewDep, session: SessionDep, form: FormDep) -> Response:
    sessions.log_out(request, session)
    return view.redirect("/", N_("You are logged out."))
