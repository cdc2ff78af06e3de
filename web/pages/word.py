"""Word in and out: the contribution template, bringing a filled one into the form, and any
practice as .docx."""

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import UploadFile

from api.deps import SessionDep
from norms import catalogue
from norms.codes import display
from norms.errors import Invalid
from norms.lang import Lang, pick
from submissions import present, word_in, word_out, workflow
from submissions.access import shown_revision_id
from submissions.models import Revision
from web import i18n, names
from web.deps import DelegationDep, FormDep, View, ViewDep
from web.forms import PracticeForm
from web.pages.workspace import form_page

router = APIRouter()
IdPath = Annotated[int, Path(ge=1, le=2_147_483_647)]
LangQuery = Annotated[Lang | None, Query()]


def docx(content: bytes, filename: str) -> Response:
    disposition = f'attachment; filename="{filename}"'
    return Response(
        content, media_type=word_out.DOCX_TYPE, headers={"Content-Disposition": disposition}
    )


@router.get("/workspace/template.docx")
def template(view: DelegationDep, session: SessionDep, lang: LangQuery = None) -> Response:
    """The contribution template, in the language asked for or the page's."""
    chosen = lang or view.lang
    gettext = i18n.translations(chosen).gettext
    norms = [(display(n.code), pick(n, "title", chosen)) for n in catalogue.list_norms(session)]
    themes = list(names.themes(session, chosen).items())
    content = word_out.template(gettext, norms, themes)
    return docx(content, f"normbook-contribution-{chosen.value}.docx")


@router.get("/workspace/practices/import", response_class=HTMLResponse)
def import_form(view: DelegationDep) -> HTMLResponse:
    return view.render("workspace/import.html", error=None)


@router.post("/workspace/practices/import", response_class=HTMLResponse)
def import_document(view: DelegationDep, session: SessionDep, form: FormDep) -> HTMLResponse:
    """Read a filled template into the form, for review: nothing is saved until the form is."""
    upload = form.get("document")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return refuse(view, view.gettext(word_in.NOT_DOCX))
    data = upload.file.read(word_in.MAX_BYTES + 1)
    try:
        imported, missing = word_in.read(data, headings(), choices(session))
    except Invalid as error:
        return refuse(view, view.gettext(error.message))
    if missing:
        labels = dict((f, h) for f, h, _ in word_out.SECTIONS)
        return refuse(
            view,
            " ".join(
                view.gettext(word_in.MISSING).format(heading=view.gettext(labels[name]))
                for name in missing
            ),
        )
    practice = PracticeForm({**PracticeForm.of(None).values, **imported.values})
    return form_page(
        view,
        session,
        practice,
        action="/workspace/practices/new",
        imported={"filename": upload.filename, "ignored": imported.ignored},
    )


def refuse(view: View, message: str) -> HTMLResponse:
    return view.render("workspace/import.html", status_code=422, error=message)


def headings() -> dict[str, tuple[str, str]]:
    """Each section's heading in both languages, folded, to its field and language."""
    found: dict[str, tuple[str, str]] = {}
    for lang in Lang:
        gettext = i18n.translations(lang).gettext
        for field, heading, _ in word_out.SECTIONS:
            found.setdefault(word_in.fold(gettext(heading)), (field, lang.value))
    return found


def choices(session: Session) -> dict[str, dict[str, str]]:
    """For each list to choose from, its labels in both languages and its codes, to the code."""
    found: dict[str, dict[str, str]] = {}
    for field, options in word_out.CHOICES.items():
        found[field] = {word_in.fold(value): value for value, _ in options}
        for lang in Lang:
            gettext = i18n.translations(lang).gettext
            found[field].update({word_in.fold(gettext(label)): value for value, label in options})
    found["themes"] = {}
    for theme in catalogue.list_themes(session):
        for text in (theme.code, theme.name_en, theme.name_fr):
            found["themes"][word_in.fold(text)] = theme.code
    return found


@router.get("/practices/{id}.docx")
def practice_docx(id: IdPath, view: ViewDep, session: SessionDep) -> Response:
    """The practice as the reader may see it (the public: its published version), in Word."""
    submission = workflow.get(session, view.actor, id)
    revision = session.get(Revision, shown_revision_id(view.actor, submission))
    assert revision is not None
    item = present.to_read(view.actor, submission, revision, present.cycle_codes(session))
    norm_names = {
        n.code: f"{display(n.code)} {pick(n, 'title', view.lang)}"
        for n in catalogue.list_norms(session)
    }
    content = word_out.practice(item, view.gettext, norm_names, names.themes(session, view.lang))
    response: Response = view.finish(docx(content, f"normbook-practice-{id}.docx"))
    return response
