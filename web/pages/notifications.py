"""A member's notifications: what happened to the practices they write or review, newest first."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import update
from sqlmodel import col, select

from api.deps import SessionDep
from norms.models import utcnow
from submissions.models import Notification
from web.deps import FormDep, LoginRequired, View, ViewDep
from web.i18n import N_

router = APIRouter(prefix="/notifications")
SHOWN = 200


def member(view: View) -> int:
    if view.user is None:
        raise LoginRequired
    return view.user.id


@router.get("", response_class=HTMLResponse)
def list_(view: ViewDep, session: SessionDep) -> HTMLResponse:
    user_id = member(view)
    rows = session.exec(
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
        .limit(SHOWN)
    ).all()
    return view.render("notifications/list.html", notifications=rows)


@router.post("/read")
def mark_read(view: ViewDep, session: SessionDep, form: FormDep) -> Response:
    """Mark every notification of this member as read."""
    user_id = member(view)
    session.execute(
        update(Notification)
        .where(col(Notification.user_id) == user_id, col(Notification.read_at).is_(None))
        .values(read_at=utcnow())
    )
    return view.redirect("/notifications", N_("All notifications marked as read."))
