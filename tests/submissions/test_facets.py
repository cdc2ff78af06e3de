"""Facet counts equal a plain count, practice by practice, of what each actor may see."""

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from submissions import workflow
from submissions.access import ANONYMOUS, Actor, can_see, can_see_private, shown_revision_id
from submissions.facets import Facets, facets
from submissions.listing import FACETS, Filters
from submissions.models import Attribution, Revision, Status, Submission
from submissions.schemas import SubmissionUpdate
from tests.factories import PRESIDENCY, delegation_actor, make_submission

NORMS = ["13a", "13g", "13h"]
THEMES = ["critical-infrastructure", "capacity-building", "exercises"]
WORDS = ["glacier", "meadow"]

practices = st.lists(
    st.fixed_dictionaries(
        {
            "participant": st.sampled_from(["FRA", "DEU", "JPN"]),
            "status": st.sampled_from(list(Status)),
            "norms": st.lists(st.sampled_from(NORMS), min_size=1, max_size=3, unique=True),
            "themes": st.lists(st.sampled_from(THEMES), max_size=2, unique=True),
            "language": st.sampled_from(["en", "fr"]),
            "attribution": st.sampled_from(list(Attribution)),
            "word": st.sampled_from(WORDS),
            "year": st.sampled_from([2024, 2025]),
            "edit": st.none()
            | st.fixed_dictionaries(
                {
                    "norms": st.just(["13h"]),
                    "language": st.just("fr"),
                    "attribution": st.sampled_from(list(Attribution)),
                }
            ),
        }
    ),
    max_size=7,
)
filters = st.builds(
    Filters,
    norm=st.lists(st.sampled_from(NORMS), max_size=2),
    participant=st.lists(st.sampled_from(["FRA", "DEU"]), max_size=2),
    theme=st.lists(st.sampled_from(THEMES), max_size=2),
    language=st.sampled_from([(), ("fr",), ("en", "fr")]),
    year=st.lists(st.sampled_from([2024, 2025]), max_size=2),
    q=st.sampled_from([None, *WORDS]),
)


def make(session: Session, spec: dict) -> None:  # type: ignore[type-arg]
    submission = make_submission(
        session,
        spec["participant"],
        spec["status"],
        norms=spec["norms"],
        themes=spec["themes"],
        language=spec["language"],
        attribution=spec["attribution"],
        title=f"A {spec['word']} practice",
    )
    if submission.published_at is not None:
        submission.published_at = datetime(spec["year"], 6, 1, tzinfo=UTC)
        session.add(submission)
    if spec["edit"] and submission.status == Status.published:
        author = delegation_actor(spec["participant"])
        change = SubmissionUpdate(**spec["edit"], title=f"A {WORDS[0]} {WORDS[1]} draft")
        workflow.update_content(session, author, submission.id or 0, change, submission.version)
    session.flush()


def reference(session: Session, actor: Actor, wanted: Filters) -> Facets:
    """Each facet counted without its own choice (its values are alternatives), the others with."""
    counted = _reference(session, actor, wanted)
    own = {
        name: getattr(_reference(session, actor, replace(wanted, **{name: ()})), name)
        for name in FACETS
        if getattr(wanted, name)
    }
    return replace(counted, **own)


def _reference(session: Session, actor: Actor, wanted: Filters) -> Facets:
    """One practice at a time, with the access rules of single practices."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in Facets.__dataclass_fields__}
    for submission in session.exec(select(Submission)).all():
        revision_id = shown_revision_id(actor, submission) if can_see(actor, submission) else None
        if revision_id is None:
            continue
        revision = session.get(Revision, revision_id)
        assert revision is not None
        attributable = revision.attribution == Attribution.attributed or can_see_private(
            actor, submission
        )
        year = submission.published_at.year if submission.published_at else None
        kept = (
            (not wanted.norm or set(wanted.norm) & set(revision.norms))
            and (not wanted.theme or set(wanted.theme) & set(revision.themes))
            and (not wanted.language or revision.language in wanted.language)
            and (not wanted.year or year in wanted.year)
            and (wanted.q is None or wanted.q in revision.title)
            and (
                not wanted.participant
                or (submission.participant_code in wanted.participant and attributable)
            )
        )
        if not kept:
            continue
        counts["norm"].update(revision.norms)
        counts["theme"].update(revision.themes)
        counts["language"][revision.language] += 1
        if attributable:
            counts["participant"][submission.participant_code] += 1
        if year is not None:
            counts["year"][str(year)] += 1

    def ordered(counter: Counter[str]) -> list[tuple[str, int]]:
        return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))

    found = {name: ordered(counter) for name, counter in counts.items()}
    return Facets(**found | {"year": sorted(found["year"], reverse=True)})


@pytest.mark.parametrize(
    "actor", [ANONYMOUS, delegation_actor("FRA"), PRESIDENCY], ids=["public", "FRA", "presidency"]
)
def test_facets_equal_a_count_of_each_visible_practice(session: Session, actor: Actor) -> None:
    @settings(
        max_examples=20,
        deadline=None,
        # Each example writes practices through the workflow: shrinking one would take minutes.
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(specs=practices, wanted=st.lists(filters, min_size=1, max_size=4))
    def check(specs: list[dict], wanted: list[Filters]) -> None:  # type: ignore[type-arg]
        nested = session.begin_nested()
        try:
            for spec in specs:
                make(session, spec)
            for one in [Filters(), *wanted]:
                assert facets(session, actor, one) == reference(session, actor, one), one
        finally:
            nested.rollback()

    check()
