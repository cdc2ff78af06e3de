"""The presidency's synthesis screens: all syntheses, creating one, editing a draft, publishing."""

from typing import Annotated, Any
from unicodedata import normalize

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from api import creation, reports
from api.deps import SessionDep
from api.settings import get_settings
from norms import catalogue
from norms.codes import canonical
from norms.errors import Conflict, Invalid, NotFound
from norms.lang import Lang, pick
from submissions import cycles
from synthesis import service
from synthesis.models import Synthesis
from synthesis.schemas import Format
from web import names
from web import synthesis_forms as forms
from web.deps import FormDep, PresidencyDep, View
from web.i18n import N_

router = APIRouter(prefix="/admin/syntheses")
IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]
IndexPath = Annotated[int, Path(ge=0, le=10_000)]
PageQuery = Annotated[int, Query(ge=1, le=100_000)]
GROUPS_PER_PAGE = 50
SECTION_HEADINGS = {
    "best_practices": N_("Best practices"),
    "lessons_learned": N_("Lessons learned"),
}


def strxfrm(name: str) -> str:
    """A sort key that puts É with E, so that French names sort as a reader expects."""
    return normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def conflict(view: View) -> HTMLResponse:
    return view.render("syntheses/conflict.html", status_code=409)


@router.get("", response_class=HTMLResponse)
def list_(view: PresidencyDep, session: SessionDep) -> HTMLResponse:
    every = service.list_syntheses(session, view.actor)
    return view.render(
        "syntheses/admin_list.html",
        syntheses=every,
        figures=service.figures(session, every),
    )


def form_page(
    view: View, session: Session, values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> HTMLResponse:
    return view.render(
        "syntheses/new.html",
        status_code=status,
        form=values,
        errors=errors,
        norm_options=list(names.norms(session, view.lang).items()),
        cycle_options=[(c.code, pick(c, "title", view.lang)) for c in cycles.list_cycles(session)],
        participant_options=sorted(
            names.participants(session, view.lang).items(), key=lambda item: strxfrm(item[1])
        ),
    )


def known_participants(session: Session) -> dict[str, str]:
    """Codes and names in both languages, in capitals, to the participant's code."""
    known: dict[str, str] = {}
    for row in catalogue.list_participants(session):
        known.update(
            {row.code: row.code, row.name_en.upper(): row.code, row.name_fr.upper(): row.code}
        )
    return known


@router.get("/new", response_class=HTMLResponse)
def new(view: PresidencyDep, session: SessionDep) -> HTMLResponse:
    values = {
        "title": "",
        "title_fr": "",
        "cycle": "",
        "norms": [],
        "participants": [],
        "as_of": "",
    }
    return form_page(view, session, values, {})


@router.post("", response_class=HTMLResponse)
def create(view: PresidencyDep, session: SessionDep, form: FormDep) -> Response:
    """Queue the job that freezes the snapshot; its page follows it to the new draft (which opens
    at once when the job is already done)."""
    values = forms.creation_values(form)
    data, errors = forms.creation(values, view.gettext, known_participants(session))
    if data is None:
        return form_page(view, session, values, errors, 422)
    try:
        job = creation.ask(session, view.actor, data)
    except Invalid as error:
        return form_page(view, session, values, forms.creation_error(error, view.gettext), 422)
    made = creation.synthesis_id(job)
    if made is not None:
        return view.redirect(f"/admin/syntheses/{made}", N_("Draft synthesis created."))
    return view.redirect(f"/admin/jobs/{job.id}", N_("The synthesis is being prepared."))


def shown_norms(synthesis: Synthesis, served: set[str]) -> list[dict[str, Any]]:
    """The norms the report gives a chapter to, so each can get its framing paragraph."""
    wanted = synthesis.options.get("norms")
    include_empty = synthesis.options.get("include_empty_norms")
    return [
        norm
        for norm in synthesis.catalogue["norms"]
        if (wanted is None or norm["code"] in wanted) and (norm["code"] in served or include_empty)
    ]


def draft_page(
    view: View, session: Session, id: int, status: int = 200, **values: Any
) -> HTMLResponse:
    """The draft's texts, its chapters with how many groups each section has, its edits."""
    synthesis = service.get(session, view.actor, id)
    loaded = service.load_source(session, synthesis)
    served = {code for p in loaded.practices for code in p.norms}
    norms = shown_norms(synthesis, served)
    chapters = [(norm, loaded.shown(norm["code"])) for norm in norms]
    values.setdefault("posted", {})
    text_values = {
        **forms.texts_values(
            synthesis.texts,
            [n["code"] for n in norms],
            {"en": synthesis.title, "fr": synthesis.title_fr or ""},
        ),
        **values.pop("posted"),
    }
    return view.render(
        "syntheses/draft.html",
        status_code=status,
        synthesis=synthesis,
        is_editable=not service.is_published(synthesis),
        figures=service.figures(session, [synthesis])[id],
        jobs=reports.current_jobs(session, synthesis),
        chapters=chapters,
        text_field=forms.texts_field,
        text_values=text_values,
        formats=tuple(Format),
        langs=tuple(Lang),
        drafts=service.drafts(session, view.actor, id),
        machine_total=sum(loaded.machine.values()),
        **{"errors": {}, "failed": None, **values},
    )


def section_page(
    view: View,
    session: Session,
    id: int,
    norm: str,
    section: str,
    page: int = 1,
    status: int = 200,
    **values: Any,
) -> HTMLResponse:
    """One chapter section's consolidated groups, a page at a time, with the forms that edit them."""
    synthesis = service.get(session, view.actor, id)
    loaded = service.load_source(session, synthesis)
    code = canonical(norm)
    served = {c for p in loaded.practices for c in p.norms}
    chapter = next((n for n in shown_norms(synthesis, served) if n["code"] == code), None)
    if chapter is None or section not in service.SECTIONS:
        raise NotFound(f"no section {section} of norm {norm} in this synthesis")
    first = (page - 1) * GROUPS_PER_PAGE
    shown, total = loaded.page_of(chapter["code"], section, first, GROUPS_PER_PAGE)
    by_id = {p.submission_id: p for p in loaded.practices}
    return view.render(
        "syntheses/section.html",
        status_code=status,
        synthesis=synthesis,
        is_editable=not service.is_published(synthesis),
        norm=chapter,
        section=section,
        heading=view.gettext(SECTION_HEADINGS[section]),
        groups=shown,
        first=first + 1,
        total=total,
        page=page,
        page_size=GROUPS_PER_PAGE,
        practices={pt.submission_id: by_id[pt.submission_id] for g in shown for pt in g.points},
        names=names.participants(session, view.lang),
        **{"errors": {}, "failed": None, **values},
    )


@router.get("/{id}", response_class=HTMLResponse)
def draft(id: IdPath, view: PresidencyDep, session: SessionDep) -> HTMLResponse:
    return draft_page(view, session, id)


@router.get("/{id}/chapters/{norm}/{section}", response_class=HTMLResponse)
def chapter_section(
    id: IdPath,
    norm: Annotated[str, Path(max_length=20)],
    section: Annotated[str, Path(max_length=40)],
    view: PresidencyDep,
    session: SessionDep,
    page: PageQuery = 1,
) -> HTMLResponse:
    return section_page(view, session, id, norm, section, page)


@router.post("/{id}/edits", response_class=HTMLResponse)
def add_edit(id: IdPath, view: PresidencyDep, session: SessionDep, form: FormDep) -> Response:
    """Merge, split, reorder or reword points, as the API's edits do."""
    edit, errors = forms.edit(form, view.gettext)
    failed = (str(form.get("norm") or ""), str(form.get("section") or ""))
    page = forms.page_of(form)
    if edit is None:
        return refused(view, session, id, failed, page, errors)
    try:
        service.add_edit(session, view.actor, id, edit)
    except Conflict:
        return conflict(view)
    except Invalid:
        return refused(view, session, id, failed, page, forms.edit_error(edit.op, view.gettext))
    page = 1 if edit.op == "reorder" else page  # the group moved to the top of the first page
    where = f"/admin/syntheses/{id}/chapters/{edit.norm}/{edit.section}"
    return view.redirect(f"{where}?page={page}#{edit.norm}-{edit.section}", N_("Edit kept."))


def refused(
    view: View,
    session: Session,
    id: int,
    failed: tuple[str, str],
    page: int,
    errors: dict[str, str],
) -> HTMLResponse:
    """422 with the message next to the section the edit was for, or on the draft's page when
    the form named no section of this synthesis."""
    values: dict[str, Any] = {"errors": errors, "failed": failed}
    try:
        return section_page(view, session, id, *failed, page, 422, **values)
    except NotFound:
        return draft_page(view, session, id, 422, **values)


@router.post("/{id}/edits/{index}/delete", response_class=HTMLResponse)
def remove_edit(
    id: IdPath, index: IndexPath, view: PresidencyDep, session: SessionDep, form: FormDep
) -> Response:
    try:
        service.remove_edit(session, view.actor, id, index)
    except Conflict:
        return conflict(view)
    return view.redirect(f"/admin/syntheses/{id}#edits", N_("Edit removed."))


@router.post("/{id}/texts", response_class=HTMLResponse)
def update_texts(id: IdPath, view: PresidencyDep, session: SessionDep, form: FormDep) -> Response:
    """The introduction, the way forward and each norm's framing paragraph, in both languages."""
    synthesis = service.get(session, view.actor, id)
    codes = [norm["code"] for norm in synthesis.catalogue["norms"]]
    data, errors = forms.texts(form, codes, view.gettext)
    if data is None:
        posted = {name: str(value) for name, value in form.items() if name != "csrf_token"}
        return draft_page(view, session, id, 422, errors=errors, posted=posted)
    try:
        service.update_texts(session, view.actor, id, data)
    except Conflict:
        return conflict(view)
    return view.redirect(f"/admin/syntheses/{id}", N_("Texts saved."))


@router.post("/{id}/translations", response_class=HTMLResponse)
def review_translation(
    id: IdPath, view: PresidencyDep, session: SessionDep, form: FormDep
) -> Response:
    """A practice's machine drafts, confirmed as they are or rewritten by the presidency."""
    data, errors = forms.review(form, view.gettext)
    if data is None:
        return draft_page(view, session, id, 422, errors=errors)
    try:
        service.review(session, view.actor, id, data)
    except Conflict:
        return conflict(view)
    except Invalid as error:
        field = f"tr-{data.submission_id}-{error.field}"
        message = view.gettext(N_("Write one point per point of the original."))
        if error.field == "submission_id":
            field, message = "translations", view.gettext(N_("Choose one of the options."))
        return draft_page(view, session, id, 422, errors={field: message})
    where = f"/admin/syntheses/{id}#translations"
    return view.redirect(where, N_("Translations confirmed."))


@router.post("/{id}/publish", response_class=HTMLResponse)
def publish(id: IdPath, view: PresidencyDep, session: SessionDep, form: FormDep) -> Response:
    try:
        synthesis = service.publish(session, view.actor, id)
    except Conflict:
        return conflict(view)
    reports.ask_all(session, synthesis, get_settings())
    return view.redirect(f"/syntheses/{id}", N_("Synthesis published."))
