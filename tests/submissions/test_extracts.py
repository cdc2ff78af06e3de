"""Search extracts: plain text around the words found, each word marked as written."""

from submissions.extracts import MARK_END, MARK_START, WIDTH, extract, summary


def marked(text: str | None) -> list[str]:
    """The words an extract marks."""
    return [part.split(MARK_END)[0] for part in (text or "").split(MARK_START)[1:]]


def test_an_extract_is_plain_text_with_the_words_marked() -> None:
    body = "Reports are **not passed to [intelligence](https://example.org) services**.\n\n- Test"
    found = extract("intelligence", ["A summary.", body])
    assert found == f"Reports are not passed to {MARK_START}intelligence{MARK_END} services. Test"


def test_inflections_and_accents_are_found_as_the_index_finds_them() -> None:
    text = "Les États coordonnent la Coopération; coordinated exercises and one exercise."
    assert marked(extract("cooperation exercise", [text])) == [
        "Coopération",
        "exercises",
        "exercise",
    ]
    assert marked(extract("coordinate", [text])) == ["coordinated"]


def test_only_the_last_term_is_a_prefix() -> None:
    text = "Drills for a hotline and hotlines."
    assert marked(extract("hotl drill", [text])) == ["Drills"]
    assert marked(extract("drill hotl", [text])) == ["Drills", "hotline", "hotlines"]


def test_the_window_holds_the_most_different_words() -> None:
    filler = "nothing to see here " * 20
    text = f"Hotline first. {filler} A hotline for the incident response teams. {filler}"
    found = extract("incident hotline", [text]) or ""
    assert marked(found) == ["hotline", "incident"]
    assert found.startswith("… ") and found.endswith(" …")
    assert len(found) < WIDTH + 60


def test_the_first_text_holding_the_words_wins_a_tie() -> None:
    assert extract("drill", [None, "", "Summary drill.", "Body drill."]) == (
        f"Summary {MARK_START}drill{MARK_END}."
    )


def test_no_extract_without_the_words() -> None:
    assert extract("quillfeather", ["Nothing here.", None]) is None
    assert extract("quillfeather", ["A [link](https://quillfeather.org) only."]) is None
    assert extract("...", ["Anything."]) is None


def test_a_summary_stands_in_cut_after_forty_words() -> None:
    assert summary("**Short** one.") == "Short one."
    assert summary(" ".join(["word"] * 50)) == " ".join(["word"] * 40) + " …"
