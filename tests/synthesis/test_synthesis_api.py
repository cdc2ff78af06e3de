"""The JSON API of syntheses: who may create, see, edit, publish and download what."""

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.conftest import Account
from tests.synthesis.conftest import Practices
from tests.synthesis.test_credited import two_lessons

Who = Callable[[Callable[[], Account], Callable[[str], Account]], dict[str, str]]

ANONYMOUS: Who = lambda presidency, delegation: {}  # noqa: E731
DELEGATION: Who = lambda presidency, delegation: delegation("FRA").headers  # noqa: E731
PRESIDENCY: Who = lambda presidency, delegation: presidency().headers  # noqa: E731


def create(client: TestClient, presidency: Callable[[], Account], **body: object) -> dict:
    response = client.post(
        "/api/v1/syntheses", json={"title": "Synthesis 2026", **body}, headers=presidency().headers
    )
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["state"] == "done", job  # the inline queue: made in the request
    made = client.get(f"/api/v1/syntheses/{job['synthesis_id']}", headers=presidency().headers)
    return made.json()


@pytest.mark.parametrize(
    ("who", "status"),
    [(ANONYMOUS, 401), (DELEGATION, 403), (PRESIDENCY, 202)],
    ids=["anonymous", "delegation", "presidency"],
)
def test_only_the_presidency_creates_a_synthesis(
    client: TestClient, presidency, delegation, practices: Practices, who: Who, status: int
) -> None:
    response = client.post(
        "/api/v1/syntheses", json={"title": "S"}, headers=who(presidency, delegation)
    )
    assert response.status_code == status
    if status == 202:
        assert response.headers["location"] == f"/api/v1/jobs/{response.json()['id']}"
        made = f"/api/v1/syntheses/{response.json()['synthesis_id']}"
        assert client.get(made, headers=presidency().headers).json()["practices"] == 3
        assert client.get(made, headers=presidency().headers).json()["status"] == "draft"


@pytest.mark.parametrize(
    ("who", "visible"),
    [(ANONYMOUS, False), (DELEGATION, False), (PRESIDENCY, True)],
    ids=["anonymous", "delegation", "presidency"],
)
def test_a_draft_exists_only_for_the_presidency(
    client: TestClient, presidency, delegation, practices: Practices, who: Who, visible: bool
) -> None:
    draft = create(client, presidency)
    headers = who(presidency, delegation)
    for path in (f"/api/v1/syntheses/{draft['id']}", f"/api/v1/syntheses/{draft['id']}/report.md"):
        assert client.get(path, headers=headers).status_code == (200 if visible else 404)
    listed = [s["id"] for s in client.get("/api/v1/syntheses", headers=headers).json()]
    assert (draft["id"] in listed) is visible


@pytest.mark.parametrize(
    "who", [ANONYMOUS, DELEGATION, PRESIDENCY], ids=["anonymous", "delegation", "presidency"]
)
def test_a_published_synthesis_is_public(
    client: TestClient, presidency, delegation, practices: Practices, who: Who
) -> None:
    synthesis = create(client, presidency)
    published = client.post(
        f"/api/v1/syntheses/{synthesis['id']}/publish", headers=presidency().headers
    )
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    headers = who(presidency, delegation)
    assert client.get(f"/api/v1/syntheses/{synthesis['id']}", headers=headers).status_code == 200
    report = client.get(f"/api/v1/syntheses/{synthesis['id']}/report.md?lang=fr", headers=headers)
    assert report.status_code == 200
    assert report.headers["content-type"].startswith("text/markdown")
    assert "Bonnes pratiques" in report.text


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_reports_download_with_their_media_type(
    client: TestClient, presidency, practices: Practices, fmt: str
) -> None:
    synthesis = create(client, presidency)
    response = client.get(
        f"/api/v1/syntheses/{synthesis['id']}/report.{fmt}", headers=presidency().headers
    )
    assert response.status_code == 200
    assert f"synthesis-{synthesis['id']}-en.{fmt}" in response.headers["content-disposition"]
    assert len(response.content) > 500


@pytest.mark.parametrize(
    ("path", "field"),
    [("/report.txt", None), ("/report.md?lang=de", "lang")],
)
def test_bad_report_requests_are_422(
    client: TestClient, presidency, practices: Practices, path: str, field: str | None
) -> None:
    synthesis = create(client, presidency)
    response = client.get(
        f"/api/v1/syntheses/{synthesis['id']}{path}", headers=presidency().headers
    )
    assert response.status_code in {404, 422}
    if field:
        assert response.json()["detail"][0]["loc"][-1] == field


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"norms": ["13z"]}, "norms"),
        ({"participants": ["XXX"]}, "participants"),
        ({"cycle": "no-such-cycle"}, "cycle"),
        ({"title": ""}, "title"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_options_are_422_naming_the_field(
    client: TestClient, presidency, body: dict, field: str
) -> None:
    response = client.post(
        "/api/v1/syntheses", json={"title": "S", **body}, headers=presidency().headers
    )
    assert response.status_code == 422
    assert field in response.json()["detail"][0]["loc"]


def test_presidency_edits_texts_and_grouping_until_publication(
    client: TestClient, presidency, delegation, practices: Practices
) -> None:
    synthesis = create(client, presidency)
    base = f"/api/v1/syntheses/{synthesis['id']}"
    texts = {"framing": {"13(g)": {"en": "Operators are where protection happens."}}}
    assert (
        client.patch(f"{base}/texts", json=texts, headers=delegation("FRA").headers).status_code
        == 403
    )
    changed = client.patch(f"{base}/texts", json=texts, headers=presidency().headers)
    assert changed.status_code == 200
    assert changed.json()["framing"]["13g"]["en"] == "Operators are where protection happens."
    sections = client.get(f"{base}/grouping?norm=13g", headers=presidency().headers).json()
    best = next(s for s in sections if s["section"] == "best_practices")
    merged_key = best["groups"][0]["key"]
    assert len(best["groups"][0]["points"]) == 2
    split = client.post(
        f"{base}/edits",
        json={
            "op": "split",
            "norm": "13g",
            "section": "best_practices",
            "points": [best["groups"][0]["points"][1]["key"]],
        },
        headers=presidency().headers,
    )
    assert split.status_code == 201
    assert len(split.json()["groups"]) == 3
    unknown = client.post(
        f"{base}/edits",
        json={
            "op": "reword",
            "norm": "13g",
            "section": "best_practices",
            "points": ["999999.b1"],
            "lang": "en",
            "text": "x",
        },
        headers=presidency().headers,
    )
    assert unknown.status_code == 422
    markdown = client.get(f"{base}/report.md", headers=presidency().headers).text
    assert "Operators are where protection happens." in markdown
    # Printed once per point (one place each), now twice in 13g: the two points split apart.
    printed = re.findall(r"\*\*\d+\.\*\* \*[^*]+\*: Review the register of operators", markdown)
    assert len(printed) == 2
    assert client.post(f"{base}/publish", headers=presidency().headers).status_code == 200
    assert (
        client.patch(f"{base}/texts", json=texts, headers=presidency().headers).status_code == 409
    )
    assert client.delete(f"{base}/edits/0", headers=presidency().headers).status_code == 409
    assert merged_key


def test_the_grouping_names_the_points_printed_in_their_own_words(
    client: TestClient, presidency, session: Session
) -> None:
    ids = two_lessons(session)
    base = f"/api/v1/syntheses/{create(client, presidency)['id']}"
    sections = client.get(f"{base}/grouping?norm=13d", headers=presidency().headers).json()
    every = client.get(f"{base}/grouping", headers=presidency().headers).json()
    for found in (sections, every):
        (lessons,) = [s for s in found if s["section"] == "lessons_learned" and s["norm"] == "13d"]
        (group,) = lessons["groups"]
        assert group["aside"] == [f"{ids[1]}.l1"]
    credit = {"op": "credit", "norm": "13d", "section": "lessons_learned"}
    done = client.post(
        f"{base}/edits", json=credit | {"points": [f"{ids[1]}.l1"]}, headers=presidency().headers
    )
    assert done.status_code == 201, done.text
    sections = client.get(f"{base}/grouping?norm=13d", headers=presidency().headers).json()
    assert [s["groups"][0]["aside"] for s in sections if s["section"] == "lessons_learned"] == [[]]
