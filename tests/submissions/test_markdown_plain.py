"""Markdown as plain text: the fast inline-mark pattern removes exactly what the plain one does."""

import re

from hypothesis import given
from hypothesis import strategies as st

from submissions import markdown

# The marks as first written: a word boundary checked before each character.
PLAIN_RULE = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`+")
PIECES = st.sampled_from(["*", "_", "`", "**", "__", "``", " ", "\n", "a", "é", "1", ".", "-"])


@given(st.lists(PIECES, max_size=16).map("".join))
def test_the_fast_inline_pattern_removes_what_the_plain_rule_does(text: str) -> None:
    assert markdown._INLINE_MARK.sub("", text) == PLAIN_RULE.sub("", text)


@given(st.text(max_size=40))
def test_any_text_loses_the_same_marks_and_keeps_single_spaces(text: str) -> None:
    expected = PLAIN_RULE.sub("", markdown._LINE_MARK.sub("", markdown._LINK.sub(r"\1", text)))
    assert markdown.plain(text) == re.sub(r"\s+", " ", expected).strip()


def test_plain_text_has_no_marks_bullets_or_link_targets() -> None:
    text = "# Title\n\n- **Bold** and _em_ [a link](https://example.org) `code`\n2. snake_case"
    assert markdown.plain(text) == "Title Bold and em a link code snake_case"
