"""One practice: its published text for the public, the working text for its delegation and the presidency."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from sqlmodel import Session

from api.deps import SessionDep
from api.kept import Kept
from norms import catalogue
from submissions import present, workflow
from submissions.access import can_see_private, shown_revision_id
from submissions.models import Revision, Submission
from submissions.schemas import SubmissionRead
from web import caching, names
from web.deps import View, ViewDep

router = APIRouter(dependencies=[Depends(caching.conditional)])
IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/practices/{id}", response_class=HTMLResponse)
def practice(id: IdPath, view: ViewDep, session: SessionDep) -> HTMLResponse:
    submission = workflow.get(session, view.actor, id)
    if can_see_private(view.actor, submission):
        item = _read(view, session, submission)
        return view.render(
            "practices/detail.html",
            title=item.title,
            practice_id=id,
            **_article_context(view, session, item, is_private=True),
        )
    # The article also shows norm titles, participants' and themes' names: the public data's
    # fingerprint is part of its key, so an edited norm title is never served stale.
    fingerprint = getattr(view.request.state, "fingerprint", None) or caching.state(session)[0]
    key = (
        id,
        submission.version,
        submission.updated_at,
        submission.published_revision_id,
        fingerprint,
    )
    kept = _articles.get((*key, view.lang))
    if kept is None:
        item = _read(view, session, submission)
        article = view.fragment(
            "practices/_article.html",
            actor=view.actor,
            **_article_context(view, session, item, is_private=False),
        )
        kept = (item.title, article)
        _articles.put((*key, view.lang), kept)
    title, article = kept
    return view.render("practices/detail.html", title=title, practice_id=id, article=article)


# The public article of a practice, rendered once per version and language.
_articles: Kept[tuple[str, Markup]] = Kept(limit=2000)


def _read(view: View, session: Session, submission: Submission) -> SubmissionRead:
    revision = session.get(Revision, shown_revision_id(view.actor, submission))
    assert revision is not None
    return present.to_read(view.actor, submission, revision, present.cycle_codes(session))


def _article_context(
    view: View, session: Session, item: SubmissionRead, is_private: bool
) -> dict[str, object]:
    return {
        "item": item,
        "is_private": is_private,
        "norms": {n.code: n for n in catalogue.list_norms(session)},
        "names": names.participants(session, view.lang),
        "theme_names": names.themes(session, view.lang),
    }
