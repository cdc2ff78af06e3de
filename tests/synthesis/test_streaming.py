"""Large reports: chapters composed one at a time, reports written as they are made, downloads
sent from a spooled file."""

import gc
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import replace
from io import BytesIO
from typing import Any
from zipfile import ZipFile

import pytest
from babel.lists import format_list
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.settings import get_settings
from synthesis.compose import assemble, layout, prose, source
from synthesis.compose.document import Chapter
from synthesis.compose.wording import date_locale, joined
from synthesis.freeze import snapshot
from synthesis.freeze.practice import FORMS
from synthesis.models import Synthesis
from synthesis.render import html_report, markdown_report, report
from synthesis.schemas import Format
from tests.factories import PRESIDENCY
from tests.synthesis.conftest import Practices

MakeSynthesis = Callable[..., Synthesis]


def test_chapters_load_only_their_own_practices_points_when_read(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis
) -> None:
    synthesis = make_synthesis(include_empty_norms=True)
    loaded: list[list[int]] = []
    found = source.load(session, synthesis)

    def points(
        ids: Sequence[int], form: str | None, keys: Container[str] | None = None
    ) -> dict[str, Any]:
        loaded.append(sorted(ids))
        return found.points(ids, form, keys)

    doc = assemble.build(replace(found, points=points), "en")
    # Building loads the texts of each chapter's most shared point alone (for the key findings).
    assert all(len(ids) <= 2 for ids in loaded) and len(loaded) <= 1
    loaded.clear()
    chapters = list(doc.chapters)
    drawn = {c.code: sorted(link.submission_id for link in c.practices) for c in chapters}
    # One load per chapter, of those of its own practices whose points it prints.
    printed = [
        sorted(
            {s.submission_id for section in c.sections for p in section.points for s in p.sources}
        )
        for c in chapters
    ]
    assert loaded == printed
    assert all(set(ids) <= set(own) for ids, own in zip(loaded, drawn.values(), strict=True))
    assert drawn["13g"] == sorted([practices.france, practices.germany])
    assert drawn["13a"] == []


@pytest.mark.parametrize("fmt", [Format.md, Format.html])
def test_a_report_reads_one_text_of_each_point_and_writes_the_same(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis, fmt: Format
) -> None:
    doc = report.document(session, make_synthesis(), "fr")
    every_form = markdown_report.lines(doc) if fmt is Format.md else html_report.stream(doc)
    assert report.render_document(doc, fmt).decode() == "".join(every_form)
    form = report.READ_FORM[fmt]
    bodies = [
        point.body
        for chapter in assemble.in_form(doc, form).chapters
        for section in chapter.sections
        for point in section.points
    ]
    assert bodies
    assert all(getattr(body, form) for body in bodies)
    assert not any(getattr(body, other) for body in bodies for other in FORMS if other != form)


@pytest.mark.parametrize("edited", [False, True])
def test_chapters_load_only_their_own_grouping_when_read(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis, edited: bool
) -> None:
    synthesis = make_synthesis()
    if edited:  # a chapter's point count then needs its groups before the chapters are read
        synthesis.edits = [
            {
                "op": "merge",
                "norm": "13g",
                "section": "best_practices",
                "points": [f"{practices.france}.b1", f"{practices.france}.b2"],
            }
        ]
    loaded: list[str] = []
    found = source.load(session, synthesis)

    def groups(norm: str) -> dict[str, Any]:
        loaded.append(norm)
        return found.groups(norm)

    doc = assemble.build(replace(found, groups=groups), "en")
    # The layout ("see ¶N", key findings) reads each chapter's keys once, whatever the edits.
    assert sorted(set(loaded)) == ["13f", "13g", "13j"]
    loaded.clear()
    assert [c.code for c in doc.chapters] == loaded == ["13f", "13g", "13j"]


@pytest.mark.parametrize("fmt", [Format.md, Format.html, Format.docx])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_spooled_report_is_the_rendered_report(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis, fmt: Format, lang: str
) -> None:
    synthesis = make_synthesis()
    spooled = report.spool(session, synthesis, fmt, lang, "https://normbook.example")
    size = report.size(spooled)
    content = b"".join(report.chunks(spooled, length=1000))
    assert spooled.closed
    assert len(content) == size
    rendered = report.render(session, synthesis, fmt, lang, "https://normbook.example")
    if fmt is Format.docx:  # a zip: same entries, same contents, not the same timestamps
        assert _entries(content) == _entries(rendered)
    else:
        assert content == rendered


@pytest.mark.parametrize("path", ["/api/v1/syntheses/{id}/report.md", "/syntheses/{id}/report.md"])
def test_a_download_is_sent_whole_with_its_length(
    client: TestClient,
    session: Session,
    practices: Practices,
    make_synthesis: MakeSynthesis,
    path: str,
) -> None:
    synthesis = snapshot.publish(session, PRESIDENCY, make_synthesis().id or 0)
    url = path.format(id=synthesis.id) + "?lang=fr"
    response = client.get(url, headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["content-length"] == str(len(response.content))
    base_url = get_settings().base_url.rstrip("/")  # never the request's Host
    assert response.content == report.render(session, synthesis, Format.md, "fr", base_url)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_names_are_joined_as_babel_joins_them(lang: str) -> None:
    for count in range(6):
        names = [f"Name {i}" for i in range(count)]
        # British English, as the dates: no serial comma
        assert joined(names, lang) == format_list(names, locale=date_locale(lang))


def _entries(docx: bytes) -> dict[str, bytes]:
    with ZipFile(BytesIO(docx)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


class _Watched:
    """A document's chapters that check, before each is composed, that the one before is gone."""

    def __init__(self, chapters: Iterable[Chapter]) -> None:
        self.chapters = chapters
        self.checked: list[str] = []

    def __iter__(self) -> Iterator[Chapter]:
        chapters = iter(self.chapters)
        previous = None
        while True:
            if previous is not None:
                gc.collect()
                kept = [o for o in gc.get_objects() if isinstance(o, Chapter)]
                assert [c.code for c in kept] == [], f"{previous} is kept"
                self.checked.append(previous)
            chapter = next(chapters, None)
            if chapter is None:
                return
            previous = chapter.code
            yield chapter
            del chapter


@pytest.mark.parametrize("fmt", [Format.md, Format.html, Format.pdf])
def test_a_report_lets_a_chapter_go_before_the_next_is_composed(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis, fmt: Format
) -> None:
    doc = report.document(session, make_synthesis(), "en")
    watched = _Watched(doc.chapters)
    report.render_document(replace(doc, chapters=watched), fmt)
    assert watched.checked == ["13f", "13g", "13j"]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    "numbers", [(), (7,), (3, 12), (3, 12, 40, 1234)], ids=["none", "one", "two", "four"]
)
def test_see_references_are_the_prose_of_their_parts(lang: str, numbers: tuple[int, ...]) -> None:
    conjunction = "et" if lang == "fr" else "a<b & c"  # escaped like any text of the prose
    parts = prose.refs(numbers, lang, conjunction)
    assert prose.linked_html(numbers, lang, conjunction) == prose.html(parts, lang)
    assert prose.linked_markdown(numbers, lang, conjunction) == prose.markdown(parts, lang)


@pytest.mark.parametrize("edited", [False, True])
def test_the_layout_reads_stored_keys_as_the_replayed_grouping_has_them(
    session: Session, practices: Practices, make_synthesis: MakeSynthesis, edited: bool
) -> None:
    synthesis = make_synthesis()
    if edited:  # 13g replayed, the others read as stored
        synthesis.edits = [
            {
                "op": "merge",
                "norm": "13g",
                "section": "best_practices",
                "points": [f"{practices.france}.b1", f"{practices.france}.b2"],
            }
        ]
    found = source.load(session, synthesis)
    keys = []
    for code in ("13f", "13g", "13j"):
        replayed = {
            name: [
                ([p.key for p in group.points], [p.key for p in group.together_in("en")])
                for group in groups
            ]
            for name, groups in found.placed(code).items()
        }
        assert layout.placed_keys(found, code, "en") == replayed
        keys += [key for groups in replayed.values() for group, _ in groups for key in group]
    assert keys
    if edited:
        merged = {f"{practices.france}.b1", f"{practices.france}.b2"}
        placed = layout.placed_keys(found, "13g", "en")["best_practices"]
        assert any(merged <= set(group) for group, _ in placed)
