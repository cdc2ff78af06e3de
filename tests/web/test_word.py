"""Word in and out: the template, a filled one read into the form (nothing saved), refusals, and a
practice as .docx."""

import io
import re
import zipfile
from collections.abc import Callable

import docx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from submissions.models import Status, Submission
from tests.conftest import Account
from tests.factories import make_submission
from tests.web.conftest import csrf_of

Login = Callable[[Account], TestClient]
IMPORT = "/workspace/practices/import"


def template(client: TestClient, lang: str) -> docx.document.Document:
    response = client.get(f"/workspace/template.docx?lang={lang}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    return docx.Document(io.BytesIO(response.content))


def fill(document: docx.document.Document, answers: dict[str, list[str]]) -> bytes:
    """Write each answer after its heading, and drop the list lines not kept."""
    keep: set[str] = {line for lines in answers.values() for line in lines}
    current = None
    for paragraph in list(document.paragraphs):
        if paragraph.style.name.startswith("Heading"):
            current = paragraph.text
            for line in reversed(answers.get(current, [])):
                if not any(p.text == line for p in document.paragraphs):
                    new = paragraph.insert_paragraph_before(line)
                    paragraph._p.addnext(new._p)
        elif paragraph.style.name == "List Bullet" and paragraph.text not in keep:
            paragraph._p.getparent().remove(paragraph._p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(client: TestClient, content: bytes, name: str = "contribution.docx"):  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(IMPORT).text)
    files = {"document": (name, content, "application/octet-stream")}
    return client.post(IMPORT, data={"csrf_token": token}, files=files)


def count(session: Session) -> int:
    return len(session.exec(select(Submission)).all())


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "Best practices"), ("fr", "Bonnes pratiques")]
)
def test_template_comes_in_both_languages(
    client: TestClient, delegation: Callable[[str], Account], login: Login, lang: str, heading: str
) -> None:
    login(delegation("FRA"))
    headings = [p.text for p in template(client, lang).paragraphs if p.style.name == "Heading 1"]
    assert heading in headings and len(headings) == 16


def test_filled_french_template_opens_in_the_form_and_saves_nothing(
    client: TestClient, session: Session, delegation: Callable[[str], Account], login: Login
) -> None:
    login(delegation("FRA"))
    document = template(client, "fr")
    themes = [p.text for p in document.paragraphs if p.text.startswith("Exercices")]
    content = fill(
        document,
        {
            "Titre": ["Exercices sectoriels avec les hôpitaux"],
            "Résumé": ["Des exercices annuels avec les opérateurs hospitaliers."],
            "Normes": [
                p.text
                for p in document.paragraphs
                if p.text.startswith("13 g)") or p.text.startswith("13(g)")
            ],
            "Description": ["Nous organisons des exercices chaque année."],
            "Thèmes": themes,
            "Niveau": ["National"],
            "Références": ["Rapport | https://example.org/rapport"],
        },
    )
    before = count(session)
    response = upload(client, content)
    assert response.status_code == 200, response.text[-2000:]
    html = response.text
    assert 'value="Exercices sectoriels avec les hôpitaux"' in html
    assert re.search(r'value="13g" checked', html) and re.search(r'value="exercises" checked', html)
    assert '<option value="fr" selected>' in html and '<option value="national" selected>' in html
    assert "Rapport | https://example.org/rapport" in html
    assert "contribution.docx" in html and 'action="/workspace/practices/new"' in html
    assert count(session) == before


def bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/huge.bin", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(120):
                member.write(chunk)
    return out.getvalue()


def missing_sections() -> bytes:
    document = docx.Document()
    document.add_heading("Title", level=1)
    document.add_paragraph("Only a title")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Just some text, not Word", "is not a Word document (.docx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), "protected by a password"),
        (b"PK" + bytes(10 * 1024 * 1024), "larger than 10 MB"),
        (bomb(), "unpacks to far more"),
        (missing_sections(), "no “Summary” section"),
    ],
    ids=["text", "encrypted", "too-large", "zip-bomb", "missing-sections"],
)
def test_bad_files_get_a_clear_message_and_nothing_is_saved(
    client: TestClient,
    session: Session,
    delegation: Callable[[str], Account],
    login: Login,
    content: bytes,
    message: str,
) -> None:
    login(delegation("FRA"))
    before = count(session)
    response = upload(client, content)
    assert response.status_code == 422
    assert message in response.text
    assert count(session) == before


def test_practice_downloads_as_word_as_its_reader_may_see_it(
    client: TestClient, session: Session
) -> None:
    published = make_submission(session, "FRA", Status.published, title="Register of operators")
    draft = make_submission(session, "FRA", Status.draft, title="Secret draft")
    response = client.get(f"/practices/{published.id}.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Register of operators" in text and "13(g) Protect critical infrastructure" in text
    assert "register" in text and "Review the register every year" in text
    assert client.get(f"/practices/{draft.id}.docx").status_code == 404
