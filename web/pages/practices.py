"""One practice: its published text for the public, the working text for its delegation and the presidency."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import HTMLResponse

from api.deps import SessionDep
from norms import catalogue
from submissions import present, workflow
from submissions.access import can_see_private, shown_revision_id
from submissions.models import Revision
from web import caching, names
from web.deps import ViewDep

router = APIRouter(dependencies=[Depends(caching.conditional)])
IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/practices/{id}", response_class=HTMLResponse)
async def practice(id: IdPath, view: ViewDep, session: SessionDep) -> HTMLResponse:
    submission = workflow.get(session, view.actor, id)
    revision = session.get(Revision, shown_revision_id(view.actor, submission))
    assert revision is not None
    return view.render(
        "practices/detail.html",
        item=present.to_read(view.actor, submission, revision, present.cycle_codes(session)),
        is_private=can_see_private(view.actor, submission),
        norms={n.code: n for n in catalogue.list_norms(session)},
        names=names.participants(session, view.lang),
        theme_names=names.themes(session, view.lang),
    )
