"""Who a merged point names: its named participants alphabetically in the report's language
(as the chapter overview lists them), then how many chose anonymity."""

from synthesis.compose.attribution import attribution
from synthesis.freeze.practice import Practice

NAMES = {
    "en": {"USA": "United States", "EUR": "European Union", "DEU": "Germany"},
    "fr": {"USA": "États-Unis", "EUR": "Union européenne", "DEU": "Allemagne"},
}


def practice(submission_id: int, participant: str, is_anonymised: bool = False) -> Practice:
    return Practice(
        submission_id=submission_id,
        revision_id=submission_id,
        participant=participant,
        title="A practice",
        language="en",
        norms=("13d",),
        is_anonymised=is_anonymised,
    )


def test_a_merged_point_names_its_participants_alphabetically_whichever_point_is_central() -> None:
    # the United States' point speaks for the group: it comes first among the practices
    practices = [practice(27, "USA"), practice(34, "EUR"), practice(16, "FRA", is_anonymised=True)]
    # no serial comma: British and UN style
    assert attribution(practices, NAMES["en"], "en") == (
        "European Union, United States and one unnamed participant"
    )
    assert attribution(practices, NAMES["fr"], "fr") == (
        "États-Unis, Union européenne et un participant non nommé"
    )
    assert attribution([practice(1, "DEU"), practice(2, "EUR")], NAMES["en"], "en") == (
        "European Union and Germany"
    )
