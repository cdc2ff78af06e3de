"""One practice: its published text for the public, the working text for its delegation and the presidency."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup
from sqlmodel import Session, select

from api.deps import SessionDep
from api.settings import get_settings
from norms import catalogue
from norms.errors import NotFound
from norms.lang import pick
from submissions import citation, present, public_version, workflow
from submissions.access import ANONYMOUS, can_see_private, is_public, shown_revision_id
from submissions.models import Cycle, Revision, Submission
from submissions.schemas import SubmissionRead
from web import caching, diffs, names
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
    # The article also shows norm titles, participants' and themes' names: kept per public-data
    # version, which any of them changing bumps.
    title, article = public_version.remember(
        public_version.read(session),
        "practice page",
        (id, view.lang),
        lambda: _public_article(view, session, submission),
    )
    return view.render(
        "practices/detail.html",
        title=title,
        practice_id=id,
        article=article,
        permalink=permalink(id),
    )


def _public_article(view: View, session: Session, submission: Submission) -> tuple[str, Markup]:
    item = _read(view, session, submission)
    article = view.fragment(
        "practices/_article.html",
        actor=view.actor,
        **_article_context(view, session, item, is_private=False),
    )
    return item.title, article


def _read(view: View, session: Session, submission: Submission) -> SubmissionRead:
    revision = session.get(Revision, shown_revision_id(view.actor, submission))
    assert revision is not None
    return present.to_read(view.actor, submission, revision, present.cycle_codes(session))


def _article_context(
    view: View, session: Session, item: SubmissionRead, is_private: bool
) -> dict[str, Any]:
    cycle = session.exec(select(Cycle).where(Cycle.code == item.cycle)).first()
    return {
        "item": item,
        "is_private": is_private,
        "norms": {n.code: n for n in catalogue.list_norms(session)},
        "names": names.participants(session, view.lang),
        "theme_names": names.themes(session, view.lang),
        "cycle_title": pick(cycle, "title", view.lang) if cycle else item.cycle,
        "permalink": permalink(item.id),
        "citation": citation.text(
            _citable(view, session, item), view.gettext("Anonymous participant"), "rev."
        ),
    }


def permalink(id: int) -> str:
    return f"{get_settings().base_url.rstrip('/')}/practices/{id}"


def _citable(view: View, session: Session, item: SubmissionRead) -> citation.Citable:
    author = names.participants(session, view.lang).get(item.participant or "")
    return citation.Citable(
        id=item.id,
        title=item.title,
        author=author,
        published=item.published_at,
        revision=item.revision,
        url=permalink(item.id),
        language=item.language,
    )


def _public_item(view: View, session: Session, id: int) -> SubmissionRead:
    """What the public reads of a practice (its published text), whoever asks."""
    submission = workflow.get(session, view.actor, id)
    if submission.published_revision_id is None or not is_public(submission):
        raise NotFound("practice")
    revision = session.get(Revision, submission.published_revision_id)
    assert revision is not None
    return present.to_read(ANONYMOUS, submission, revision, present.cycle_codes(session))


@router.get("/practices/{id}/cite.bib")
def cite_bibtex(id: IdPath, view: ViewDep, session: SessionDep) -> Response:
    item = _public_item(view, session, id)
    return Response(
        citation.bibtex(_citable(view, session, item)),
        media_type="application/x-bibtex; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="practice-{id}.bib"'},
    )


@router.get("/practices/{id}/cite.json")
def cite_csl(id: IdPath, view: ViewDep, session: SessionDep) -> Response:
    item = _public_item(view, session, id)
    return JSONResponse(
        citation.csl_json(_citable(view, session, item)),
        media_type="application/vnd.citationstyles.csl+json",
        headers={"Content-Disposition": f'attachment; filename="practice-{id}.json"'},
    )


Number = Annotated[int | None, Query(ge=1, le=100_000)]


@router.get("/practices/{id}/history", response_class=HTMLResponse)
def history(
    id: IdPath, view: ViewDep, session: SessionDep, old: Number = None, new: Number = None
) -> HTMLResponse:
    """The published revisions of a practice, and what changed between two of them."""
    item = _public_item(view, session, id)
    submission = workflow.get(session, view.actor, id)
    revisions = citation.published_revisions(session, submission)
    by_number = {revision.number: revision for revision in revisions}
    numbers = sorted(by_number)
    new = new if new in by_number else numbers[-1]
    older = [n for n in numbers if n < new]
    old = old if old in by_number and old != new else (older[-1] if older else None)
    changes = []
    if old is not None:
        changes = diffs.changes(_texts(by_number[old]), _texts(by_number[new]))
    return view.render(
        "practices/history.html",
        item=item,
        revisions=revisions,
        old=old,
        new=new,
        changes=changes,
    )


def _texts(revision: Revision) -> dict[str, str]:
    return {
        "title": revision.title,
        "summary": revision.summary,
        "body": revision.body,
        "best_practices": revision.best_practices,
        "lessons_learned": revision.lessons_learned,
    }
