"""The French typography pass on tricky input: it sets prose and breaks nothing else."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from norms import typography
from norms.typography import NBSP, NNBSP, french, french_html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Projet : ne pas citer", f"Projet{NBSP}: ne pas citer"),
        ("les suivants: ", f"les suivants{NBSP}: "),
        ("Vraiment ? Oui ; non !", f"Vraiment{NNBSP}? Oui{NNBSP}; non{NNBSP}!"),
        ("« texte »", f"«{NNBSP}texte{NNBSP}»"),
        ("l'État d'urgence", "l’État d’urgence"),
        ("le 1 novembre 2026", f"le 1er{NBSP}novembre 2026"),
        ("A/70/174 §13(a)", f"A/70/174 §{NBSP}13{NBSP}a)"),
        ("la norme 13(k)", f"la norme 13{NBSP}k)"),
        ("100000 pratiques", f"100{NNBSP}000 pratiques"),
        ("12345678", f"12{NNBSP}345{NNBSP}678"),
    ],
)
def test_french_sets_prose(text: str, expected: str) -> None:
    assert french(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "https://undocs.org/A/70/174?lang=fr;x=1",
        "à 10:30 précises",
        "en 2026, le 11 novembre",
        "pratique #123456",
        "voir `a : b ; c` ici",
        "écrire à fra@demo.normbook.org",
        "11 juin 2021",
        "le 21 novembre",
        "3,14159",
        "A/76/135",
        "",
    ],
)
def test_french_leaves_what_is_not_prose(text: str) -> None:
    assert french(text) == text


def test_markdown_link_targets_are_kept_and_their_text_set() -> None:
    text = "[la page : ici](https://example.org/a:b?c=d;e) et [l'autre](/x'y)"
    assert french(text) == f"[la page{NBSP}: ici](https://example.org/a:b?c=d;e) et [l’autre](/x'y)"


def test_french_is_idempotent_on_set_text() -> None:
    once = french("Projet : « ne pas » citer ; le 1 mai, 25000 États d'Europe !")
    assert french(once) == once
    assert " :" not in once and " ;" not in once


def test_html_text_nodes_only() -> None:
    html = (
        '<p title="a : b" data-x="l\'y">Note : <a href="https://x.org/?a=1;b">lien ?</a>'
        "<code>x : y ; z</code> l'État &amp; la suite</p><pre>a ; b</pre>"
    )
    out = french_html(html)
    assert out == (
        f'<p title="a : b" data-x="l\'y">Note{NBSP}: <a href="https://x.org/?a=1;b">lien{NNBSP}?</a>'
        "<code>x : y ; z</code> l’État &amp; la suite</p><pre>a ; b</pre>"
    )


@given(
    st.text(
        alphabet=st.characters(blacklist_characters="«»;!?:'", blacklist_categories=("Nd", "Cs"))
    )
)
def test_a_text_without_the_signs_a_rule_needs_is_one_french_leaves_alone(text: str) -> None:
    """`french` returns such a text without applying the rules: they would leave it unchanged."""
    assert typography._set(text) == text
    assert french(text) is text
    assert french_html(f"<p>{text}</p>") == f"<p>{text}</p>"
