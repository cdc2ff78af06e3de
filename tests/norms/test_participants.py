"""Participants' names as documents print them: UN short forms, and "the" where English needs it."""

from norms.participants import all_participants, in_sentence

NAMES = {record.code: record for record in all_participants()}


def test_no_name_is_an_inverted_index_form() -> None:
    # ISO writes "Congo, The Democratic Republic of the" and "Russie, Fédération de"
    inverted = [
        name
        for r in NAMES.values()
        for name in (r.name_en, r.name_fr)
        if "," in name or "(" in name
    ]
    assert inverted == []
    assert NAMES["COD"].name_en == "Democratic Republic of the Congo"
    assert NAMES["RUS"].name_fr == "Fédération de Russie"
    assert NAMES["SYR"].name_fr == "République arabe syrienne"


def test_english_sentences_give_the_names_that_need_it_their_article() -> None:
    assert in_sentence("GBR", NAMES["GBR"].name_en, "en") == "the United Kingdom"
    assert in_sentence("EU", NAMES["EU"].name_en, "en") == "the European Union"
    assert in_sentence("NLD", NAMES["NLD"].name_en, "en") == "the Netherlands"
    assert in_sentence("FRA", NAMES["FRA"].name_en, "en") == "France"
    assert in_sentence("NGA", NAMES["NGA"].name_en, "en") == "Nigeria"
    assert (
        in_sentence("SLB", NAMES["SLB"].name_en, "en") == "Solomon Islands"
    )  # as the UN writes it
    # French lists them after "participants :", without articles
    assert in_sentence("GBR", NAMES["GBR"].name_fr, "fr") == "Royaume-Uni"
