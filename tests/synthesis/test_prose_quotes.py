"""What the key findings and chapter overviews quote of a point made by several participants:
words a person wrote in the report's language; a machine draft or an original in the other
language is referred to by its paragraph, where the chapter prints it."""

from collections.abc import Callable

import pytest
from sqlmodel import Session

from synthesis.compose.attribution import quote_of
from synthesis.compose.overview import shared_sentence, shared_sentences
from synthesis.compose.prose import prose
from synthesis.consolidate.merging import Group, Point
from synthesis.freeze.practice import Practice
from synthesis.models import Synthesis
from synthesis.render import report
from tests.synthesis.conftest import Practices

ANONYMISED = {2, 4}  # submission ids whose practice is anonymised
NAMES = {"CAN": "Canada", "JPN": "Japan", "USA": "United States", "GBR": "United Kingdom"}
PARTICIPANTS = {1: "CAN", 2: "JPN", 3: "USA", 4: "GBR"}


def practice_of(submission_id: int) -> Practice:
    return Practice(
        submission_id,
        submission_id,
        PARTICIPANTS[submission_id],
        "title",
        "en",
        ("13d",),
        submission_id in ANONYMISED,
    )


def english(owner: int, text: str, draft: str | None = None, origin: str = "machine") -> Point:
    translated = (draft, draft, draft, origin) if draft else None
    return Point(f"{owner}.b1", owner, text, text, text, "en", translated)


def sentence(group: Group, lang: str) -> str:
    quote = quote_of(group, lang)
    parts = shared_sentence(46, group, len(group.points), practice_of, NAMES, quote, lang)
    return prose(parts, lang).text


def test_a_human_text_in_the_report_language_is_quoted_as_it_is() -> None:
    group = Group(
        [english(2, "Send requests", "Il envoie"), english(1, "Send", "Envoyer", "human")]
    )
    assert quote_of(group, "fr") == "Envoyer"
    assert quote_of(group, "en") == "Send requests"
    assert sentence(group, "fr") == (
        "Deux participants (Canada et un participant non nommé) soulignent\u00a0: "
        "«\u00a0Envoyer\u00a0» (§\u00a046)."
    )


def test_a_machine_draft_is_referred_to_not_quoted() -> None:
    # Apertium's drafts read as the presidency's own words in a sentence, marked or not
    group = Group([english(2, "Send requests", "Il envoie"), english(3, "Send", "Envoyez")])
    assert quote_of(group, "fr") is None
    assert sentence(group, "fr") == (
        "Deux participants (United States et un participant non nommé) formulent le point "
        "exposé au §\u00a046."
    )
    assert sentence(group, "en") == (
        "Two participants (the United States and one unnamed participant) stress: "
        "“Send requests” (¶46)."
    )


def test_an_untranslated_original_is_referred_to_not_quoted() -> None:
    group = Group([english(1, "Publish statistics"), english(3, "Publish figures")])
    assert quote_of(group, "fr") is None
    assert sentence(group, "fr").endswith("formulent le point exposé au §\u00a046.")


def test_anonymised_points_without_a_human_text_are_referred_to_not_quoted() -> None:
    group = Group([english(2, "Make it a step", "Il marque"), english(4, "A step", "Un pas")])
    assert quote_of(group, "fr") is None
    assert sentence(group, "fr") == "Deux participants formulent le point exposé au §\u00a046."
    assert sentence(group, "en") == "Two participants stress: “Make it a step” (¶46)."


@pytest.mark.parametrize(
    ("lang", "said"),
    [("fr", "formulent le point exposé au §\u00a0{n}."), ("en", "” (¶{n}).")],
)
def test_overview_and_key_findings_quote_only_what_a_person_wrote_in_their_language(
    session: Session,
    practices: Practices,
    make_synthesis: Callable[..., Synthesis],
    lang: str,
    said: str,
) -> None:
    # 13(g)'s most shared point exists in English only
    doc = report.document(session, make_synthesis(), lang)
    chapter = next(c for c in doc.chapters if c.code == "13g")
    number = chapter.sections[0].points[0].number
    assert said.format(n=number) in chapter.overview[0].body.text
    assert said.format(n=number) in " ".join(p.body.text for p in doc.key_findings)
    if lang == "fr":  # nor quoted in English with a note saying so
        assert "original en anglais)" not in " ".join(p.body.text for p in doc.key_findings)


def test_points_the_same_participants_made_share_one_sentence() -> None:
    assess = (26, Group([english(1, "Assess", "Évaluer", "human"), english(3, "Assess it")]), 2)
    law = (27, Group([english(1, "Check the law"), english(3, "Check law")]), 2)
    audit = (29, Group([english(1, "Audit"), english(3, "Audit it")]), 2)
    brief = (28, Group([english(1, "Brief"), english(4, "Brief them", "Informer")]), 2)

    def said(shared: list[tuple[int, Group, int]], lang: str) -> str:
        parts = shared_sentences(shared, practice_of, NAMES, lambda g: quote_of(g, lang), lang)
        return prose(parts, lang).text.strip()

    # ¶26, ¶27 and ¶29 come from Canada and the United States, ¶28 from Canada and an unnamed one
    assert said([assess, law, audit, brief], "en") == (
        "Two participants (Canada and the United States) stress: “Assess” (¶26), “Check the "
        "law” (¶27) and “Audit” (¶29). Two participants (Canada and one unnamed participant) "
        "stress: “Brief” (¶28)."
    )
    # in French only ¶26 was written by a person: the others are referred to, in the same sentence
    assert said([assess, law, audit, brief], "fr") == (
        "Deux participants (Canada et United States) soulignent\u00a0: «\u00a0Évaluer\u00a0» "
        "(§\u00a026), et formulent les points exposés aux §\u00a027 et §\u00a029. Deux participants "
        "(Canada et un participant non nommé) formulent le point exposé au §\u00a028."
    )
    assert said([law, audit], "fr") == (
        "Deux participants (Canada et United States) formulent les points exposés aux §\u00a027 "
        "et §\u00a029."
    )


def test_points_with_an_unnamed_participant_are_never_joined() -> None:
    # the same words, "one unnamed participant", may stand for Japan in one and the UK in the other
    same_words = [
        (28, Group([english(1, "Brief"), english(2, "Brief them")]), 2),
        (29, Group([english(1, "Patch"), english(4, "Patch it")]), 2),
    ]
    parts = shared_sentences(same_words, practice_of, NAMES, lambda g: quote_of(g, "en"), "en")
    assert prose(parts, "en").text.strip() == (
        "Two participants (Canada and one unnamed participant) stress: “Brief” (¶28). "
        "Two participants (Canada and one unnamed participant) stress: “Patch” (¶29)."
    )
    # nor when referred to, in French (no person wrote them in French)
    parts = shared_sentences(same_words, practice_of, NAMES, lambda g: quote_of(g, "fr"), "fr")
    assert prose(parts, "fr").text.strip() == (
        "Deux participants (Canada et un participant non nommé) formulent le point exposé au "
        "§\u00a028. Deux participants (Canada et un participant non nommé) formulent le point "
        "exposé au §\u00a029."
    )
