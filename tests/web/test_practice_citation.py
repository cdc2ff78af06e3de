"""A practice people can use: cycle name, absolute link, citation, BibTeX, CSL-JSON, history."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from submissions import workflow
from submissions.models import Status
from submissions.schemas import SubmissionUpdate
from tests.factories import PRESIDENCY, delegation_actor, make_submission


def test_the_page_names_its_cycle_and_gives_an_absolute_link_and_citation(
    client: TestClient, session: Session
) -> None:
    practice = make_submission(session, "DEU", Status.published, title="Operator duties")
    session.commit()
    html = client.get(f"/practices/{practice.id}").text
    assert f'href="http://127.0.0.1:8000/practices/{practice.id}"' in html
    assert "Cite this practice" in html
    assert f"Germany ({practice.published_at.year}). Operator duties. Normbook" in html
    assert "print" in client.get("/static/normbook.css").text


def test_bibtex_and_csl_json_downloads(client: TestClient, session: Session) -> None:
    practice = make_submission(session, "DEU", Status.published, title="Duties & 100% {safe}")
    session.commit()
    bib = client.get(f"/practices/{practice.id}/cite.bib")
    assert bib.status_code == 200 and "attachment" in bib.headers["content-disposition"]
    assert f"@misc{{normbook-practice-{practice.id}," in bib.text
    assert r"title = {Duties \& 100\% \{safe\}}" in bib.text
    assert "author = {{Germany}}" in bib.text
    csl = client.get(f"/practices/{practice.id}/cite.json").json()
    assert csl[0]["title"] == "Duties & 100% {safe}"
    assert csl[0]["author"] == [{"literal": "Germany"}]


def test_anonymised_work_is_cited_without_its_author(client: TestClient, session: Session) -> None:
    practice = make_submission(session, "DEU", Status.published, attribution="anonymised")
    session.commit()
    assert "Germany" not in client.get(f"/practices/{practice.id}/cite.bib").text
    assert "author" not in client.get(f"/practices/{practice.id}/cite.json").json()[0]
    assert "Anonymous participant (" in client.get(f"/practices/{practice.id}").text


def test_a_draft_has_no_citation(client: TestClient, session: Session) -> None:
    draft = make_submission(session, "DEU", Status.draft)
    session.commit()
    assert client.get(f"/practices/{draft.id}/cite.bib").status_code == 404
    assert client.get(f"/practices/{draft.id}/history").status_code == 404


def test_history_shows_published_revisions_and_their_differences(
    client: TestClient, session: Session
) -> None:
    practice = make_submission(session, "DEU", Status.published, summary="A yearly review.")
    author = delegation_actor("DEU")
    assert practice.id is not None
    changed = workflow.update_content(
        session,
        author,
        practice.id,
        SubmissionUpdate(summary="A twice-yearly review."),
        practice.version,
    )
    workflow.submit(session, author, practice.id)
    workflow.publish(session, PRESIDENCY, practice.id)
    workflow.update_content(
        session,
        author,
        practice.id,
        SubmissionUpdate(summary="Unpublished draft words."),
        changed.version,
    )
    session.commit()
    page = client.get(f"/practices/{practice.id}")
    assert f'href="/practices/{practice.id}/history"' in page.text
    html = client.get(f"/practices/{practice.id}/history").text
    assert "Revision 1" in html and "Revision 2" in html
    assert "A <ins>twice-</ins>yearly review." in html
    assert "Unpublished draft words" not in html
