"""A point of a practice serving several norms goes to the norm it means, in English or French:
hand-checked cases, with wording alone for comparison."""

import json
from pathlib import Path

import numpy as np
import pytest

from submissions import embeddings
from synthesis.consolidate import placement, similarity

CATALOGUE = Path(__file__).parents[2] / "norms" / "data" / "gge-2015.json"
# (point, the norm it belongs to, the other norm its practice serves): checked by hand against
# the norms' texts; few share the words of the norm they belong to.
CASES = [
    (
        "Hospitals and power grids must keep plans to carry on working during an attack.",
        "13g",
        "13f",
    ),
    ("Les hôpitaux ont reçu des fonds pour se protéger des attaques informatiques.", "13g", "13a"),
    ("Reward hackers who tell us about flaws in government websites.", "13j", "13g"),
    ("Les chercheurs qui signalent une faille de bonne foi ne sont pas poursuivis.", "13j", "13d"),
    ("Consult civil society before adopting new surveillance laws.", "13e", "13d"),
    (
        "Consulter la société civile avant d'adopter de nouvelles lois de surveillance.",
        "13e",
        "13d",
    ),
    ("Do not attack the emergency teams of other countries.", "13k", "13a"),
    ("Ne pas viser les équipes d'urgence informatique d'autres pays.", "13k", "13a"),
    ("Check the components bought from foreign vendors for hidden backdoors.", "13i", "13g"),
    (
        "Vérifier l'absence de portes dérobées dans les équipements achetés à l'étranger.",
        "13i",
        "13g",
    ),
    ("Before blaming a State for an attack, look at the whole political context.", "13b", "13a"),
    (
        "Avant d'accuser un État d'une attaque, examiner l'ensemble du contexte politique.",
        "13b",
        "13a",
    ),
    ("Reply within a day when another country asks for help after an attack.", "13h", "13a"),
    (
        "Répondre dans la journée quand un autre pays demande de l'aide après une attaque.",
        "13h",
        "13a",
    ),
]


def placed(with_meaning: bool) -> list[str]:
    """Where each case's point goes, as freeze places it (no other point settled yet)."""
    norms = json.loads(CATALOGUE.read_text(encoding="utf-8"))["norms"]
    codes = [norm["code"] for norm in norms]
    profiles = [
        " ".join(
            norm[name][lang] for name in ("title", "text", "guidance") for lang in ("en", "fr")
        )
        for norm in norms
    ]
    texts = [text for text, _, _ in CASES]
    words = similarity.vectors([*texts, *profiles])
    assert words is not None
    size = len(texts)
    masks = np.array([(1 << codes.index(a)) | (1 << codes.index(b)) for _, a, b in CASES])
    vectors = np.frombuffer(embeddings.pack(embeddings.encode(texts)), dtype=np.int8)
    meaning = placement.Meaning(
        vectors.reshape(size, embeddings.DIMENSIONS),
        np.zeros((len(codes), embeddings.DIMENSIONS)),
        placement.norm_sentences(profiles),
    )
    settled = [np.array([], dtype=np.int64) for _ in codes]
    chosen = placement.place(
        words[:size],
        words[size:],
        settled,
        np.arange(size),
        masks,
        meaning if with_meaning else None,
    )
    return [codes[n] for n in chosen]


def test_points_in_english_and_french_find_the_norm_they_mean() -> None:
    found = placed(with_meaning=True)
    wrong = [(text, got) for (text, norm, _), got in zip(CASES, found, strict=True) if got != norm]
    print(f"\nplacement by meaning and wording: {len(CASES) - len(wrong)}/{len(CASES)} right")
    assert wrong == []


def test_wording_alone_misplaces_one_of_them() -> None:
    found = placed(with_meaning=False)
    right = sum(got == norm for (_, norm, _), got in zip(CASES, found, strict=True))
    print(f"\nplacement by wording alone: {right}/{len(CASES)} right")
    assert right < len(CASES)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_mean_of_a_chapters_points_pulls_a_point_towards_it(lang: str) -> None:
    # No profile tells the two norms apart (both blank): the chapter whose points say the same wins.
    point = {
        "en": "Publish a policy for reporting security flaws in good faith.",
        "fr": "Publier une politique de signalement des failles de sécurité de bonne foi.",
    }[lang]
    others = [
        "Researchers who find vulnerabilities are protected when they report them.",
        "Operators of power plants must report serious incidents.",
    ]
    vectors = embeddings.encode([point, *others])
    words = similarity.vectors([point, *others, "norm", "norm"])
    assert words is not None
    meaning = placement.Meaning(
        vectors[:1], vectors[1:], placement.norm_sentences(["Norm.", "Norm."])
    )
    settled = [np.array([1]), np.array([2])]
    chosen = placement.place(words[:3], words[3:], settled, np.array([0]), np.array([3]), meaning)
    assert chosen.tolist() == [0]
