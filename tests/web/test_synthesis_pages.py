"""Synthesis pages: the public list and report, downloads, caching, and the presidency's screens."""

import re
from collections.abc import Callable
from io import FileIO
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from synthesis.consolidate import grouping
from synthesis.freeze import snapshot
from synthesis.models import Synthesis
from synthesis.render import report
from tests.conftest import Account
from tests.factories import PRESIDENCY
from tests.synthesis import conftest as synthesis_fixtures
from tests.synthesis.conftest import HIDDEN_NAMES, Practices
from tests.synthesis.test_credited import two_lessons
from tests.web.conftest import post_form

Delegation = Callable[[str], Account]
Presidency = Callable[[], Account]
Login = Callable[[Account], TestClient]
Make = Callable[..., Synthesis]
# The synthesis tests' data set: three published practices (one anonymised) and four excluded.
practices = synthesis_fixtures.practices
make_synthesis = synthesis_fixtures.make_synthesis
SECTION_PAGE = "/admin/syntheses/{id}/chapters/13g/best_practices"
ADMIN_PAGES = ["/admin/syntheses", "/admin/syntheses/new", "/admin/syntheses/{id}", SECTION_PAGE]


def published(session: Session, make: Make, **options: object) -> Synthesis:
    synthesis = make(**options)
    return snapshot.publish(session, PRESIDENCY, synthesis.id or 0)


def best_practices_13g(session: Session, synthesis: Synthesis) -> list[list[str]]:
    """The point keys of each group of norm 13(g)'s best practices, as the draft page lists them."""
    groups = grouping.current(session, PRESIDENCY, synthesis.id or 0, "13g")
    return [[p.key for p in g.points] for g in groups[("13g", "best_practices")]]


def edit(client: TestClient, synthesis: Synthesis, **data: object):  # type: ignore[no-untyped-def]
    page = f"/admin/syntheses/{synthesis.id}"
    body = {"norm": "13g", "section": "best_practices", **data}
    return post_form(client, page, f"{page}/edits", body)


# Public pages


def test_public_list_shows_published_syntheses_newest_first_with_downloads(
    client: TestClient, session: Session, practices: Practices, make_synthesis: Make
) -> None:
    older = published(session, make_synthesis, title="Older synthesis")
    newer = published(session, make_synthesis, title="Newer synthesis", norms=["13j"])
    make_synthesis(title="Unpublished draft")
    html = client.get("/syntheses").text
    assert html.index("Newer synthesis") < html.index("Older synthesis")
    assert "Unpublished draft" not in html
    for fmt in ("md", "html", "docx", "pdf"):
        for lang in ("en", "fr"):
            assert f'href="/syntheses/{older.id}/report.{fmt}?lang={lang}"' in html
    older_card = html[html.index(f'id="synthesis-{older.id}"') :]
    figures = re.findall(r"<dt>([^<]+)</dt><dd>(\d+)", older_card)[:3]
    assert figures == [("Practices", "3"), ("Norms", "3"), ("Named participants", "2")]
    assert "and 1 practice shared without attribution" in older_card
    newer_card = html[html.index(f'id="synthesis-{newer.id}"') : html.index(older_card)]
    assert re.findall(r"<dt>([^<]+)</dt><dd>(\d+)", newer_card)[:2] == [
        ("Practices", "1"),
        ("Norms", "1"),
    ]


def test_published_synthesis_page_shows_the_report_without_naming_anonymised_authors(
    client: TestClient, session: Session, practices: Practices, make_synthesis: Make
) -> None:
    synthesis = published(session, make_synthesis, title="Synthesis of the cycle")
    html = client.get(f"/syntheses/{synthesis.id}").text
    assert "<h1>Synthesis of the cycle</h1>" in html
    assert f'href="/practices/{practices.france}"' in html
    assert "Review the register of operators" in html
    assert "Publier une politique de divulgation claire" in html
    assert "<caption" in html and 'scope="row"' in html
    assert "Draft: not for citation" not in html
    assert f'href="/syntheses/{synthesis.id}/report.pdf?lang=fr"' in html
    for name in HIDDEN_NAMES:
        assert name not in html
    for excluded in ("Draft on norm k", "Returned on norm k", "Withdrawn on norm k"):
        assert excluded not in html


class _Recording(FileIO):
    """A spool file that keeps the size of each write."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "w+")
        self.writes: list[int] = []

    def write(self, data: bytes, /) -> int:  # type: ignore[override]
        self.writes.append(len(memoryview(data)))
        return super().write(data)


def test_synthesis_page_is_written_to_a_file_as_it_renders_and_sent_with_its_length(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A synthesis of 100,000 practices is a page of a hundred megabytes: it is never held whole."""
    synthesis = published(session, make_synthesis)
    whole = client.get(f"/syntheses/{synthesis.id}", headers={"Accept-Encoding": "identity"})
    assert whole.status_code == 200
    assert whole.headers["content-length"] == str(len(whole.content))
    assert whole.headers["content-type"] == "text/html; charset=utf-8"
    assert whole.text.rstrip().endswith("</html>")
    spooled = _Recording(tmp_path / "page.html")
    monkeypatch.setattr(report, "TemporaryFile", lambda: spooled)
    monkeypatch.setattr(report, "WRITE_AT", 2000)
    again = client.get(f"/syntheses/{synthesis.id}", headers={"Accept-Encoding": "identity"})
    assert again.content == whole.content
    assert len(spooled.writes) >= len(whole.content) // 4_000
    assert max(spooled.writes) < 12_000  # 2,000 characters and the piece that passed them
    assert spooled.closed


def test_synthesis_page_in_french(
    client: TestClient, session: Session, practices: Practices, make_synthesis: Make
) -> None:
    synthesis = published(session, make_synthesis)
    html = client.get(f"/syntheses/{synthesis.id}", params={"lang": "fr"}).text
    assert '<html lang="fr">' in html
    assert "Bonnes pratiques" in html and "Enseignements tirés" in html
    assert "Télécharger" in html and "En anglais" in html
    for english in ("Best practices", "Download", "Skip to main content"):
        assert english not in html
    for name in HIDDEN_NAMES:
        assert name not in html
    listing = client.get("/syntheses", params={"lang": "fr"}).text
    assert "Pratiques" in listing and "Named participants" not in listing


@pytest.mark.parametrize("who", ["anonymous", "delegation"])
def test_drafts_are_404_for_anyone_but_the_presidency(
    client: TestClient,
    practices: Practices,
    make_synthesis: Make,
    delegation: Delegation,
    login: Login,
    who: str,
) -> None:
    draft = make_synthesis(title="Secret draft")
    if who == "delegation":
        login(delegation("FRA"))
    for path in (f"/syntheses/{draft.id}", f"/syntheses/{draft.id}/report.md?lang=en"):
        assert client.get(path).status_code == 404
    assert "Secret draft" not in client.get("/syntheses").text
    assert "Secret draft" not in client.get("/").text


def test_presidency_previews_a_draft_in_the_site(
    client: TestClient,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
) -> None:
    draft = make_synthesis(title="Draft to check")
    login(presidency())
    html = client.get(f"/syntheses/{draft.id}").text
    assert "Draft: not for citation" in html
    assert f'href="/admin/syntheses/{draft.id}"' in html
    assert client.get(f"/syntheses/{draft.id}/report.md").status_code == 200


@pytest.mark.parametrize(
    ("fmt", "media", "start"),
    [
        ("md", "text/markdown", b"# "),
        ("html", "text/html", b"<!DOCTYPE html>"),
        ("docx", "application/vnd.openxmlformats", b"PK"),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_public_downloads_every_format(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    fmt: str,
    media: str,
    start: bytes,
) -> None:
    synthesis = published(session, make_synthesis)
    response = client.get(f"/syntheses/{synthesis.id}/report.{fmt}", params={"lang": "fr"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert f"synthesis-{synthesis.id}-fr.{fmt}" in response.headers["content-disposition"]
    assert response.headers["content-language"] == "fr"
    assert response.content.lstrip().startswith(start)
    assert "lang" not in response.cookies
    if fmt in {"md", "html"}:
        assert "Bonnes pratiques" in response.text
        assert not any(name in response.text for name in HIDDEN_NAMES)


@pytest.mark.parametrize("path", ["/report.txt", "/report.md?lang=de", "/0", "/abc"])
def test_bad_synthesis_urls_are_4xx_pages(
    client: TestClient, session: Session, practices: Practices, make_synthesis: Make, path: str
) -> None:
    synthesis = published(session, make_synthesis)
    base = f"/syntheses/{synthesis.id}" if path.startswith("/report") else "/syntheses"
    response = client.get(base + path)
    assert response.status_code in {404, 422}
    assert response.headers["content-type"].startswith("text/html")


def test_home_page_shows_the_latest_synthesis(
    client: TestClient, session: Session, practices: Practices, make_synthesis: Make
) -> None:
    assert "Latest synthesis" not in client.get("/").text
    published(session, make_synthesis, title="First synthesis")
    latest = published(session, make_synthesis, title="Second synthesis")
    make_synthesis(title="Later draft")
    html = client.get("/").text
    section = html[html.index("Latest synthesis") :]
    assert f'href="/syntheses/{latest.id}"' in section
    assert "Second synthesis" in section and "First synthesis" not in html
    assert "Later draft" not in html


@pytest.mark.parametrize("path", ["/", "/syntheses", "/syntheses/{id}"])
def test_public_synthesis_pages_answer_304_until_a_synthesis_is_published(
    client: TestClient, session: Session, practices: Practices, make_synthesis: Make, path: str
) -> None:
    first = published(session, make_synthesis)
    url = path.format(id=first.id)
    etag = client.get(url).headers["etag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    make_synthesis(title="A draft changes nothing public")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    published(session, make_synthesis, title="Another one")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


# Presidency screens


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_anonymous_is_sent_to_login_from_synthesis_screens(
    client: TestClient, practices: Practices, make_synthesis: Make, path: str
) -> None:
    response = client.get(path.format(id=make_synthesis().id), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_delegation_gets_403_on_synthesis_screens(
    client: TestClient,
    practices: Practices,
    make_synthesis: Make,
    delegation: Delegation,
    login: Login,
    path: str,
) -> None:
    login(delegation("FRA"))
    assert client.get(path.format(id=make_synthesis().id)).status_code == 403


@pytest.mark.parametrize(
    "action", ["", "/{id}/edits", "/{id}/edits/0/delete", "/{id}/texts", "/{id}/publish"]
)
def test_delegation_cannot_post_to_synthesis_screens(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    delegation: Delegation,
    login: Login,
    action: str,
) -> None:
    draft = make_synthesis()
    login(delegation("FRA"))
    url = "/admin/syntheses" + action.format(id=draft.id)
    response = post_form(client, "/workspace", url, {"title": "T", "op": "merge"})
    assert response.status_code == 403
    session.refresh(draft)
    assert draft.status == "draft" and draft.edits == []


def test_presidency_lists_all_syntheses_drafts_included(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
) -> None:
    draft = make_synthesis(title="Working draft")
    done = published(session, make_synthesis, title="Done synthesis")
    login(presidency())
    html = client.get("/admin/syntheses").text
    assert f'href="/admin/syntheses/{draft.id}"' in html
    assert f'href="/admin/syntheses/{done.id}"' in html
    assert "<caption>" in html and ">Draft<" in html and ">Published<" in html


def test_presidency_creates_a_synthesis_from_the_form(
    client: TestClient,
    session: Session,
    practices: Practices,
    presidency: Presidency,
    login: Login,
) -> None:
    login(presidency())
    form = "/admin/syntheses/new"
    assert 'name="csrf_token"' in client.get(form).text
    data = {
        "title": "Critical infrastructure 2026",
        "norms": ["13g", "13f"],
        "participants": "fra, DEU",
        "as_of": "2100-01-01T00:00",
        "include_empty_norms": "1",
    }
    response = post_form(client, form, "/admin/syntheses", data)
    assert response.status_code == 303
    created = int(response.headers["location"].rsplit("/", 1)[1])
    synthesis = session.get(Synthesis, created)
    assert synthesis is not None and synthesis.title == "Critical infrastructure 2026"
    assert synthesis.options["norms"] == ["13g", "13f"]
    assert synthesis.options["participants"] == ["FRA", "DEU"]
    assert synthesis.options["include_empty_norms"] is True
    assert snapshot.count_practices(session, created) == 2
    page = client.get(response.headers["location"])
    assert page.status_code == 200 and "Draft synthesis created." in page.text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": " "}, "title", "Enter a title."),
        ({"title": "x" * 301}, "title", "The title must be 300 characters or fewer."),
        ({"participants": "XXX"}, "participants", "“XXX” is not a known participant."),
        ({"participants": "France, XYZ"}, "participants", "“XYZ” is not a known participant."),
        ({"as_of": "yesterday"}, "as_of", "Not a valid date and time."),
        ({"cycle": "no-such-cycle"}, "cycle", "Choose one of the options."),
        ({"norms": ["13z"]}, "norms", "Choose one of the options."),
    ],
)
def test_bad_create_form_is_422_with_the_field_error(
    client: TestClient,
    session: Session,
    presidency: Presidency,
    login: Login,
    data: dict[str, object],
    field: str,
    message: str,
) -> None:
    login(presidency())
    before = len(snapshot.list_syntheses(session, PRESIDENCY))
    response = post_form(client, "/admin/syntheses/new", "/admin/syntheses", {"title": "T", **data})
    assert response.status_code == 422
    error = re.search(rf'<p class="field-error" id="{field}-error">([^<]+)</p>', response.text)
    assert error and message in error.group(1)
    assert len(snapshot.list_syntheses(session, PRESIDENCY)) == before


def test_create_without_csrf_is_refused(
    client: TestClient, session: Session, presidency: Presidency, login: Login
) -> None:
    login(presidency())
    before = len(snapshot.list_syntheses(session, PRESIDENCY))
    response = client.post("/admin/syntheses", data={"title": "No token"})
    assert response.status_code == 403
    assert len(snapshot.list_syntheses(session, PRESIDENCY)) == before


def test_draft_page_shows_its_texts_and_each_sections_size(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
) -> None:
    draft = make_synthesis()
    login(presidency())
    html = client.get(f"/admin/syntheses/{draft.id}").text
    groups = len(best_practices_13g(session, draft))
    link = f'<a href="{SECTION_PAGE.format(id=draft.id)}">Best practices</a> ({groups} groups)'
    assert link in html
    # in brackets, so that no language's colon rule is broken ("Bonnes pratiques: 3 groupes")
    assert "</a> (" in client.get(f"/admin/syntheses/{draft.id}?lang=fr").text
    assert "<code>" not in html  # the points are on the sections' pages
    assert 'name="framing_13g_fr"' in html and 'name="introduction_en"' in html
    assert f'action="/admin/syntheses/{draft.id}/publish"' in html


def test_section_page_shows_the_grouping_with_its_forms(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
) -> None:
    draft = make_synthesis()
    login(presidency())
    html = client.get(SECTION_PAGE.format(id=draft.id)).text
    for key in (k for group in best_practices_13g(session, draft) for k in group):
        assert f"<code>{key}</code>" in html
    assert 'id="merge-13g-best_practices"' in html
    assert 'form="merge-13g-best_practices"' in html
    assert html.count('name="csrf_token"') >= 4
    assert "lessons_learned" not in html.split("<main")[-1].split("</main>")[0]


@pytest.mark.parametrize(
    "path", ["chapters/13a/best_practices", "chapters/13g/summary", "chapters/13(z)/best_practices"]
)
def test_section_outside_the_synthesis_is_404(
    client: TestClient,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
    path: str,
) -> None:
    draft = make_synthesis(norms=["13g"])
    login(presidency())
    assert client.get(f"/admin/syntheses/{draft.id}/{path}").status_code == 404


@pytest.fixture
def one_group_a_page(
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Synthesis, list[list[str]]]:
    """A draft whose section pages show one group each, the presidency logged in; its groups of
    13(g)'s best practices."""
    draft = make_synthesis()
    login(presidency())
    monkeypatch.setattr("web.pages.synthesis_admin.GROUPS_PER_PAGE", 1)
    return draft, best_practices_13g(session, draft)


def test_section_page_is_paged_and_numbers_run_on(
    client: TestClient, one_group_a_page: tuple[Synthesis, list[list[str]]]
) -> None:
    draft, groups = one_group_a_page
    assert len(groups) == 2
    page = SECTION_PAGE.format(id=draft.id)
    first, second = client.get(page).text, client.get(f"{page}?page=2").text
    assert f"<code>{groups[0][0]}</code>" in first and f"<code>{groups[1][0]}</code>" not in first
    assert f"<code>{groups[1][0]}</code>" in second and f"<code>{groups[0][0]}</code>" not in second
    assert '<th scope="row">2</th>' in second and "Move to the top" in second
    assert "Move to the top" not in first
    assert 'rel="next"' in first and 'name="page" value="2"' in second
    split = post_form(
        client,
        f"{page}?page=2",
        f"/admin/syntheses/{draft.id}/edits",
        {
            "op": "split",
            "norm": "13g",
            "section": "best_practices",
            "points": groups[0][1],
            "page": "2",
        },
    )
    assert split.headers["location"] == f"{page}?page=2#13g-best_practices"
    assert client.get(page, params={"page": 0}).status_code == 422


def test_section_page_loads_the_points_of_its_shown_groups_alone(
    client: TestClient,
    practices: Practices,
    one_group_a_page: tuple[Synthesis, list[list[str]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At 100,000 practices a norm's section has tens of thousands of points, 50 groups a page."""
    draft, groups = one_group_a_page
    loaded: list[list[int]] = []
    points_by_key = snapshot.points_by_key

    def recording(session: Session, synthesis_id: int, ids: list[int], form: str | None = None):  # type: ignore[no-untyped-def]
        loaded.append(sorted(ids))
        return points_by_key(session, synthesis_id, ids, form)

    monkeypatch.setattr(snapshot, "points_by_key", recording)
    page = SECTION_PAGE.format(id=draft.id)
    for number, keys in enumerate(groups, start=1):
        loaded.clear()
        html = client.get(page, params={"page": number}).text
        assert f"<code>{keys[0]}</code>" in html
        assert loaded == [sorted({int(key.partition(".")[0]) for key in keys})]
    assert {practices.france, practices.germany} == {
        int(key.partition(".")[0]) for keys in groups for key in keys
    }


def test_presidency_merges_splits_reorders_and_removes_edits(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
) -> None:
    draft = make_synthesis()
    login(presidency())
    groups = best_practices_13g(session, draft)
    assert [len(g) for g in groups] == [2, 1]
    split = edit(client, draft, op="split", points=groups[0][1])
    assert split.status_code == 303
    assert [len(g) for g in best_practices_13g(session, draft)] == [1, 1, 1]
    merged = edit(client, draft, op="merge", points=[groups[1][0], groups[0][1]])
    assert merged.status_code == 303
    # Two participants now: the merged group comes first, ordered by support.
    assert best_practices_13g(session, draft)[0] == [groups[1][0], groups[0][1]]
    moved = edit(client, draft, op="reorder", points=[groups[1][0]])
    assert moved.status_code == 303
    assert best_practices_13g(session, draft)[0] == [groups[1][0], groups[0][1]]
    session.refresh(draft)
    assert [e["op"] for e in draft.edits] == ["split", "merge", "reorder"]
    page = f"/admin/syntheses/{draft.id}"
    removed = post_form(client, page, f"{page}/edits/2/delete", {})
    assert removed.status_code == 303
    session.refresh(draft)
    assert [e["op"] for e in draft.edits] == ["split", "merge"]
    assert "Edit removed." in client.get(page).text


def test_reworded_point_reaches_the_report(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
) -> None:
    draft = make_synthesis()
    login(presidency())
    key = best_practices_13g(session, draft)[0][0]
    text = "Operators review their registers yearly."
    response = edit(client, draft, op="reword", points=key, lang="en", text=text)
    assert response.status_code == 303
    assert text in client.get(f"/syntheses/{draft.id}").text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"op": "merge", "points": ["1.b1"]}, "at least two different groups"),
        ({"op": "merge"}, "at least two different groups"),
        ({"op": "split", "points": "{alone}"}, "Only a point grouped with others"),
        ({"op": "reword", "points": "{alone}", "lang": "en", "text": " "}, "Write the new text"),
        ({"op": "reword", "points": "{alone}", "lang": "de", "text": "x"}, "Write the new text"),
        ({"op": "reorder", "points": ["999999.b1"]}, "Name the points"),
        ({"op": "explode", "points": "{alone}"}, "Choose one of the options."),
    ],
)
def test_bad_edit_is_422_next_to_its_section(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
    data: dict[str, object],
    message: str,
) -> None:
    draft = make_synthesis()
    login(presidency())
    alone = best_practices_13g(session, draft)[1][0]
    if isinstance(data.get("points"), str):
        data = {**data, "points": str(data["points"]).format(alone=alone)}
    response = edit(client, draft, **data)
    assert response.status_code == 422
    error = re.search(r'id="13g-best_practices-error" role="alert">([^<]+)<', response.text)
    assert error and message in error.group(1)
    session.refresh(draft)
    assert draft.edits == []


def test_presidency_writes_the_texts(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
) -> None:
    draft = make_synthesis()
    login(presidency())
    page = f"/admin/syntheses/{draft.id}"
    data = {
        "introduction_en": "The 2026 presidency's *own* mandate.",
        "introduction_fr": "Le mandat propre de la présidence de 2026.",
        "framing_13g_en": "Operators are where protection happens.",
    }
    assert post_form(client, page, f"{page}/texts", data).status_code == 303
    session.refresh(draft)
    assert draft.texts["introduction"]["fr"] == "Le mandat propre de la présidence de 2026."
    assert draft.texts["framing"]["13g"] == {"en": "Operators are where protection happens."}
    assert "<em>own</em>" in client.get(f"/syntheses/{draft.id}").text
    assert "Le mandat propre" in client.get(f"/syntheses/{draft.id}?lang=fr").text
    assert "Operators are where protection happens." in client.get(page).text
    cleared = post_form(client, page, f"{page}/texts", {"introduction_fr": ""})
    assert cleared.status_code == 303
    session.refresh(draft)
    assert draft.texts["introduction"] == {"en": "The 2026 presidency's *own* mandate.", "fr": ""}
    french = client.get(f"/syntheses/{draft.id}?lang=fr").text
    # The English mandate stands in until the French is written: the numbers stay the same.
    assert "Le mandat propre" not in french and "<em>own</em> mandate" in french


def test_too_long_text_is_422_and_kept_in_the_form(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
) -> None:
    draft = make_synthesis()
    login(presidency())
    page = f"/admin/syntheses/{draft.id}"
    long_text = "a" * 20_001
    response = post_form(client, page, f"{page}/texts", {"way_forward_en": long_text})
    assert response.status_code == 422
    assert '<p class="field-error" id="way_forward_en-error">This text is too long.</p>' in (
        response.text
    )
    assert long_text in response.text
    session.refresh(draft)
    assert draft.texts["way_forward"] == {}


def test_presidency_publishes_then_nothing_changes_any_more(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
) -> None:
    draft = make_synthesis(title="To publish")
    login(presidency())
    page = f"/admin/syntheses/{draft.id}"
    response = post_form(client, page, f"{page}/publish", {})
    assert response.status_code == 303 and response.headers["location"] == f"/syntheses/{draft.id}"
    session.refresh(draft)
    assert draft.status == "published"
    html = client.get(page).text
    assert f'action="{page}/edits"' not in html and "can no longer change" in html
    key = best_practices_13g(session, draft)[0][1]
    for action, data in [
        ("/publish", {}),
        ("/edits", {"op": "split", "norm": "13g", "section": "best_practices", "points": key}),
        ("/texts", {"introduction_en": "Too late."}),
        ("/edits/0/delete", {}),
    ]:
        refused = post_form(client, page, page + action, data)
        assert refused.status_code == 409
        assert "This synthesis is published" in refused.text
    session.refresh(draft)
    assert draft.edits == [] and draft.texts["introduction"] == {}
    client.cookies.clear()
    assert "To publish" in client.get(f"/syntheses/{draft.id}").text


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_synthesis_screens_in_french(
    client: TestClient,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
    path: str,
) -> None:
    login(presidency())
    html = client.get(path.format(id=make_synthesis().id), params={"lang": "fr"}).text
    assert '<html lang="fr">' in html
    for english in ("Manage syntheses", "Best practices", "New synthesis", "Merge the selected"):
        assert english not in html
    assert "Gérer les synthèses" in html


def test_presidency_moves_a_point_and_writes_an_overview_from_the_editor(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
) -> None:
    draft = make_synthesis()
    login(presidency())
    key = next(
        k
        for group in best_practices_13g(session, draft)
        for k in group
        if k.startswith(f"{practices.france}.")
    )
    section = client.get(f"/admin/syntheses/{draft.id}/chapters/13g/best_practices").text
    assert f'id="move-{key}"' in section and '<option value="13f">' in section
    moved = edit(client, draft, op="move", points=key, to="13f")
    assert moved.status_code == 303
    assert key not in [k for group in best_practices_13g(session, draft) for k in group]
    refused = edit(client, draft, op="move", points=f"{practices.germany}.b1", to="13j")
    assert refused.status_code == 422
    assert "another norm of this point" in refused.text
    page = f"/admin/syntheses/{draft.id}"
    texts = {
        "overview_13g_en": "The presidency writes this overview.",
        "key_findings_fr": "Nos constats.",
    }
    assert post_form(client, page, f"{page}/texts", texts).status_code == 303
    assert "The presidency writes this overview." in client.get(f"/syntheses/{draft.id}").text
    french = client.get(f"/syntheses/{draft.id}/report.md?lang=fr").text
    assert "Nos constats." in french


def test_a_french_page_names_a_synthesis_by_its_french_title(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
) -> None:
    made = published(session, make_synthesis, title="Cycle synthesis")
    made.title_fr = "Synthèse du cycle"
    session.add(made)
    session.commit()
    for path in ("/", "/syntheses"):
        assert "Synthèse du cycle" in client.get(f"{path}?lang=fr").text
        assert "Cycle synthesis" not in client.get(f"{path}?lang=fr").text
        assert "Cycle synthesis" in client.get(f"{path}?lang=en").text
    draft = make_synthesis(title="Draft in English")  # no French title: the English one serves
    login(presidency())
    assert "<h1>Draft in English</h1>" in client.get(f"/admin/syntheses/{draft.id}?lang=fr").text
    listed = client.get("/admin/syntheses?lang=fr").text
    assert "Synthèse du cycle" in listed and "Draft in English" in listed


@pytest.mark.parametrize(
    ("lang", "marked"),
    [
        ("en", "printed in its own words, not credited with the group's wording"),
        (
            "fr",
            "reproduit dans sa formulation d’origine\u202f; la formulation du groupe ne lui est pas attribuée",
        ),
    ],
)
def test_section_page_marks_a_point_printed_in_its_own_words(
    client: TestClient,
    session: Session,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
    lang: str,
    marked: str,
) -> None:
    ids = two_lessons(session)
    draft = make_synthesis()
    login(presidency())
    page = f"/admin/syntheses/{draft.id}/chapters/13d/lessons_learned?lang={lang}"
    html = client.get(page).text
    # one group of two points, the second marked, the first not
    first, second = html.split(f"<code>{ids[0]}.l1</code>")[1].split(f"<code>{ids[1]}.l1</code>")
    assert marked not in first and second.split("</li>")[0].count(marked) == 1


def test_presidency_credits_a_point_printed_in_its_own_words(
    client: TestClient,
    session: Session,
    make_synthesis: Make,
    presidency: Presidency,
    login: Login,
) -> None:
    ids = two_lessons(session)
    draft = make_synthesis()
    login(presidency())
    page = f"/admin/syntheses/{draft.id}/chapters/13d/lessons_learned"
    action = f"/admin/syntheses/{draft.id}/edits"
    body = {"norm": "13d", "section": "lessons_learned", "op": "credit"}
    # the first point is credited already: 422, nothing kept
    refused = post_form(client, page, action, body | {"points": f"{ids[0]}.l1"})
    assert refused.status_code == 422
    assert "Only a point printed in its own words can be credited" in refused.text
    assert "Credit with the group's wording" in client.get(page).text
    credited = f"{ids[1]}.l1"
    assert post_form(client, page, action, body | {"points": credited}).status_code == 303
    session.refresh(draft)
    assert draft.edits == [{**body, "points": [credited]}]
    assert "printed in its own words" not in client.get(page).text
    chapter = next(c for c in report.document(session, draft, "en").chapters if c.code == "13d")
    (lesson,) = chapter.sections[1].points
    assert lesson.lead == "Japan and United States" and lesson.also == ()
    assert "<td>Credit</td>" in client.get(f"/admin/syntheses/{draft.id}").text  # the list of edits
