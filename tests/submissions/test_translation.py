"""Texts in the other language: written by the delegation, drafted by a real provider."""

import pytest
from sqlmodel import Session

from norms.errors import Invalid
from submissions import translation, workflow
from submissions.models import Origin, Revision, Status
from submissions.schemas import SubmissionUpdate
from submissions.translators import (
    Apertium,
    LibreTranslate,
    TranslationError,
    provider,
    tidy,
)
from tests.factories import delegation_actor, make_submission
from tests.translation_server import LibreTranslateServer, libretranslate

__all__ = ["libretranslate"]  # the fixture


def test_apertium_translates_english_into_french_through_spanish() -> None:
    source = "- Name a national point of contact.\n- See [the guide](https://example.org/a_guide)."
    [french] = Apertium().translate([source], "en", "fr")
    assert "point de contact" in french
    assert "(https://example.org/a_guide)" in french  # link targets are never translated
    assert french.count("\n- ") == 1 and french.startswith("- ")  # one item per item


def test_apertium_translates_french_into_english_and_keeps_texts_apart() -> None:
    texts = ["Un registre des opérateurs.", "La coopération est essentielle.\n\nDeux paragraphes."]
    english = Apertium().translate(texts, "fr", "en")
    assert len(english) == 2
    assert "operators" in english[0].lower()
    assert "cooperation" in english[1].lower() and "\n\n" in english[1]


def test_apertium_drafts_have_no_space_before_a_stop_nor_an_english_apostrophe() -> None:
    texts = [
        "Partners needed the criteria in writing to understand what the point of contact could"
        " and could not do.",
        "Service providers' retention periods were often shorter than the time needed.",
    ]
    french = Apertium().translate(texts, "en", "fr")
    assert not any(" ." in text or " ," in text for text in french), french
    assert "service'" not in french[1] and "service\u2019" not in french[1], french


def test_tidy_keeps_french_spacing_and_english_possessives() -> None:
    assert tidy("Il faut , enfin , agir .", "fr") == "Il faut, enfin, agir."
    assert tidy("Quels moyens ? Ceux-ci : les plans ; les tests.", "fr") == (
        "Quels moyens ? Ceux-ci : les plans ; les tests."
    )
    assert tidy("the providers' periods", "en") == "the providers' periods"
    assert tidy("1.5 million , then .NET", "en") == "1.5 million, then .NET"


def test_apertium_refuses_a_language_it_has_no_route_for() -> None:
    with pytest.raises(TranslationError):
        Apertium().translate(["Hallo"], "de", "fr")


def test_libretranslate_sends_texts_and_keeps_links_out_of_them(libretranslate: str) -> None:
    found = LibreTranslate(libretranslate).translate(
        ["See https://example.org/x", "Two"], "en", "fr"
    )
    assert found == ["[fr] See https://example.org/x", "[fr] Two"]
    sent = LibreTranslateServer.received[0]
    assert sent["source"] == "en" and sent["target"] == "fr" and sent["format"] == "text"
    assert "example.org" not in sent["q"][0]  # replaced by a slot, put back after


def test_libretranslate_that_answers_an_error_is_a_translation_error(libretranslate: str) -> None:
    with pytest.raises(TranslationError):
        LibreTranslate(f"{libretranslate}/elsewhere").translate(["One"], "en", "fr")
    with pytest.raises(TranslationError):
        LibreTranslate("http://127.0.0.1:9").translate(["One"], "en", "fr")


@pytest.mark.parametrize(
    ("spec", "name"),
    [("", None), ("apertium", "apertium"), ("libretranslate:http://x.test", "libretranslate")],
)
def test_setting_names_the_provider(spec: str, name: str | None) -> None:
    chosen = provider(spec)
    assert (chosen.name if chosen else None) == name


def test_unknown_provider_is_refused_naming_the_setting() -> None:
    with pytest.raises(Invalid) as error:
        provider("deepl")
    assert error.value.field == "translation"


def test_delegation_writes_its_translation_which_is_human(session: Session) -> None:
    submission = make_submission(
        session, translation={"title": "Un registre", "best_practices": "- Revoir le registre"}
    )
    row = translation.of(session, submission.current_revision_id or 0)
    assert row is not None and row.language == "fr"
    assert row.title == "Un registre" and "<li>Revoir le registre</li>" in row.best_practices_html
    assert row.origin == {"title": Origin.human, "best_practices": Origin.human}


def test_new_revision_keeps_translations_of_unchanged_texts_only(session: Session) -> None:
    submission = make_submission(
        session, translation={"title": "Un registre", "summary": "Comment il fut tenu."}
    )
    update = SubmissionUpdate(summary="A new summary.")
    workflow.update_content(session, delegation_actor("FRA"), submission.id or 0, update, 1)
    row = translation.of(session, submission.current_revision_id or 0)
    assert row is not None
    assert row.title == "Un registre" and row.summary == ""
    assert row.origin == {"title": Origin.human}


def test_practice_without_translation_has_no_row(session: Session) -> None:
    submission = make_submission(session, translation={"title": ""})
    assert translation.of(session, submission.current_revision_id or 0) is None


def test_drafts_fill_only_missing_texts_and_never_replace_a_person(
    session: Session, libretranslate: str
) -> None:
    submission = make_submission(
        session, status=Status.published, translation={"title": "Un registre"}
    )
    revision_id = submission.published_revision_id or 0
    assert translation.untranslated(session) == [revision_id]
    made = translation.draft(session, revision_id, LibreTranslate(libretranslate))
    revision = session.get(Revision, revision_id)
    row = translation.of(session, revision_id)
    assert revision is not None and row is not None
    assert made == 4  # summary, body, best practices, lessons learned
    assert row.title == "Un registre" and row.origin["title"] == Origin.human
    assert row.summary == f"[fr] {revision.summary}" and row.origin["summary"] == Origin.machine
    assert translation.untranslated(session) == []
    assert translation.draft(session, revision_id, LibreTranslate(libretranslate)) == 0


def test_drafts_from_apertium_keep_one_point_per_point(session: Session) -> None:
    submission = make_submission(session, status=Status.published)
    revision_id = submission.published_revision_id or 0
    translation.draft(session, revision_id, Apertium())
    row = translation.of(session, revision_id)
    assert row is not None
    assert row.best_practices_html.count("<li>") == 2
    assert "registre" in row.best_practices.lower()
