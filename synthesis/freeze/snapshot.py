"""Create, find, edit and publish syntheses, and load the practices a synthesis froze."""

from array import array
from collections.abc import Container, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select as sa_select
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, col, func, select

from norms.errors import Conflict, Invalid, NotFound
from norms.models import Norm, Participant, Theme, utcnow
from submissions import audit
from submissions.access import Actor, public_clause, require_presidency
from submissions.models import Attribution, Cycle, Revision, Submission
from synthesis.compose import figures
from synthesis.consolidate.merging import Point
from synthesis.freeze.practice import Practice, add_points, points_of, stored_points
from synthesis.models import (
    ITEMS,
    REVISIONS,
    SUBMISSIONS,
    Synthesis,
    SynthesisItem,
    SynthesisStatus,
    frozen,
)
from synthesis.schemas import SynthesisCreate, TextsUpdate

if TYPE_CHECKING:
    from synthesis.freeze.revisions import Progress


def _silent(fraction: float) -> None:
    """No one to tell."""


def check(session: Session, actor: Actor, data: SynthesisCreate) -> None:
    """What `create` refuses, known before any work: asked before a background job is queued."""
    require_presidency(actor)
    _cycle(session, data.cycle)
    _check_participants(session, data.participants or [])


def create(
    session: Session, actor: Actor, data: SynthesisCreate, progress: "Progress" = _silent
) -> Synthesis:
    """Freeze the published revisions matching the options, as they stood at `as_of`;
    `progress` hears the fraction done as it goes."""
    check(session, actor, data)
    cycle = _cycle(session, data.cycle)
    as_of = _aware(data.as_of) if data.as_of else utcnow()
    # Read before the first write: on SQLite, progress can be recorded until then.
    submissions, revisions = select_revisions(session, data, cycle, as_of)
    progress(0.1)
    synthesis = Synthesis(
        title=data.title,
        title_fr=data.title_fr,
        cycle_id=cycle.id if cycle else None,
        options={
            "cycle": data.cycle,
            "norms": data.norms,
            "participants": data.participants,
            "as_of": as_of.isoformat(),
            "include_empty_norms": data.include_empty_norms,
        },
        created_by=actor.user_id,
        texts=_initial_texts(cycle),
        catalogue=_catalogue(session, cycle),
    )
    session.add(synthesis)
    session.flush()
    codes = [n["code"] for n in synthesis.catalogue["norms"]]
    from synthesis.freeze.revisions import freeze  # numpy: imported when a synthesis is made

    freeze(
        session,
        synthesis.id or 0,
        submissions,
        revisions,
        codes,
        profiles(session, codes),
        lambda done: progress(0.1 + 0.85 * done),
    )
    synthesis.has_grouping = True
    synthesis.figures = figures.counted(session, synthesis)
    session.add(synthesis)
    audit.record(
        session, actor, "create", "synthesis", synthesis.id, detail={"practices": len(submissions)}
    )
    progress(1.0)
    return synthesis


def select_revisions(
    session: Session, data: SynthesisCreate, cycle: Cycle | None, as_of: datetime
) -> tuple["array[int]", "array[int]"]:
    """Submission ids, and their revisions' ids: per public submission, its latest revision
    published by `as_of`, kept when it serves a requested norm and, if participants are named,
    is attributed. The rows come in order and streamed: only the latest of each is kept."""
    query = (
        select(Revision.submission_id, Revision.id, Revision.norms, Revision.attribution)
        .join(Submission, col(Submission.id) == Revision.submission_id)
        .where(public_clause(), col(Revision.published_at).is_not(None))
        .where(col(Revision.published_at) <= as_of)
        .order_by(col(Revision.submission_id), col(Revision.published_at), col(Revision.id))
        .execution_options(yield_per=5000)
    )
    if cycle is not None:
        query = query.where(Revision.cycle_id == cycle.id)
    if data.participants:
        query = query.where(col(Submission.participant_code).in_(data.participants))
    wanted = set(data.norms) if data.norms else None

    def is_kept(norms: Sequence[str], attribution: str) -> bool:
        return (wanted is None or not wanted.isdisjoint(norms)) and not (
            data.participants and attribution == Attribution.anonymised
        )

    submissions, revisions = array("q"), array("q")
    last: tuple[int, int, Sequence[str], str] | None = None
    for row in session.exec(query):
        if last is not None and row[0] != last[0] and is_kept(last[2], last[3]):
            submissions.append(last[0])
            revisions.append(last[1])
        last = (row[0], row[1] or 0, row[2], row[3])
    if last is not None and is_kept(last[2], last[3]):
        submissions.append(last[0])
        revisions.append(last[1])
    return submissions, revisions


def get(session: Session, actor: Actor, synthesis_id: int) -> Synthesis:
    """A synthesis; drafts exist for the presidency only."""
    synthesis = session.get(Synthesis, synthesis_id)
    if synthesis is None or not (actor.is_presidency or is_published(synthesis)):
        raise NotFound(f"no synthesis {synthesis_id}")
    return synthesis


def list_syntheses(session: Session, actor: Actor) -> list[Synthesis]:
    query = select(Synthesis)
    if not actor.is_presidency:
        query = query.where(Synthesis.status == SynthesisStatus.published)
    return list(session.exec(query.order_by(col(Synthesis.id).desc())).all())


def is_published(synthesis: Synthesis) -> bool:
    return synthesis.status == SynthesisStatus.published


def publish(session: Session, actor: Actor, synthesis_id: int) -> Synthesis:
    require_presidency(actor)
    synthesis = editable(session, actor, synthesis_id)
    synthesis.status = SynthesisStatus.published
    synthesis.published_at = utcnow()
    session.add(synthesis)
    audit.record(session, actor, "publish", "synthesis", synthesis.id)
    return synthesis


def editable(session: Session, actor: Actor, synthesis_id: int) -> Synthesis:
    require_presidency(actor)
    synthesis = get(session, actor, synthesis_id)
    if is_published(synthesis):
        raise Conflict("a published synthesis cannot change; create a new one")
    return synthesis


WHOLE = ("introduction", "key_findings", "way_forward")  # the presidency's texts of the report
PER_NORM = ("framing", "overview")  # and of each chapter


def update_texts(session: Session, actor: Actor, synthesis_id: int, data: TextsUpdate) -> Synthesis:
    """Set the title, introduction, key findings, way forward, framings or overviews, per language."""
    synthesis = editable(session, actor, synthesis_id)
    if data.title is not None:
        synthesis.title = data.title.en or synthesis.title
        synthesis.title_fr = data.title.fr or synthesis.title_fr
    texts: dict[str, Any] = {name: dict(synthesis.texts.get(name, {})) for name in WHOLE}
    texts |= {
        name: {k: dict(v) for k, v in synthesis.texts.get(name, {}).items()} for name in PER_NORM
    }
    for name in WHOLE:
        value = getattr(data, name)
        if value is not None:
            texts[name].update(value.model_dump(exclude_none=True))
    for name in PER_NORM:
        for code, value in (getattr(data, name) or {}).items():
            texts[name].setdefault(code, {}).update(value.model_dump(exclude_none=True))
    synthesis.texts = texts
    flag_modified(synthesis, "texts")
    session.add(synthesis)
    audit.record(session, actor, "update", "synthesis", synthesis.id, detail={"texts": True})
    return synthesis


def practices(session: Session, synthesis: Synthesis, with_points: bool = True) -> list[Practice]:
    """The frozen revisions, by submission id, with only the columns a report needs; without
    their points unless asked (a report loads them a chapter at a time, with `points`)."""
    return _practices(session, synthesis.id or 0, with_points)


def _practices(session: Session, synthesis_id: int, with_points: bool = True) -> list[Practice]:
    query = (
        frozen(
            ITEMS.submission_id,
            REVISIONS.id,
            SUBMISSIONS.participant_code,
            REVISIONS.title,
            REVISIONS.language,
            REVISIONS.norms,
            REVISIONS.attribution,
            REVISIONS.themes,
            ITEMS.other_title,
            ITEMS.other_title_machine,
        )
        .where(ITEMS.synthesis_id == synthesis_id)
        .order_by(ITEMS.submission_id)
    )
    # Participants, languages, sets of norms and of themes repeat across a large snapshot: each
    # is kept once.
    shared: Any = {}  # Any: the rows of a Core select are untyped
    sets: dict[tuple[str, ...], tuple[str, ...]] = {}  # equal tuples serve alike
    found = [
        Practice(
            submission_id=row[0],
            revision_id=row[1],
            participant=shared.setdefault(row[2], row[2]),
            title=row[3],
            language=shared.setdefault(row[4], row[4]),
            norms=_kept(sets, tuple(row[5])),
            is_anonymised=row[6] == Attribution.anonymised,
            themes=_kept(sets, tuple(row[7])),
            other_title=row[8],
            other_title_machine=bool(row[9]),
        )
        for row in session.connection().execute(query.execution_options(yield_per=5000))
    ]
    if not with_points:
        return found
    stored = points(session, synthesis_id, [p.submission_id for p in found])
    return [replace(p, points=stored[p.submission_id]) for p in found]


def _kept(kept: dict[tuple[str, ...], tuple[str, ...]], value: tuple[str, ...]) -> tuple[str, ...]:
    """The one copy of `value` kept in `kept`."""
    return kept.setdefault(value, value)


# Rows of stored points decoded at a time: each holds its three texts of every point, of which a
# report keeps one (5,000 at a time added 18 MiB to a 100,000-practice report's peak).
POINTS_BATCH = 500
# Of those, rows decoded together: the lists a row's points decode into die before the collector
# moves them to its oldest generation, each of whose collections re-scans the whole heap (half of
# a 100,000-practice report's full collections came from 500 rows decoded at once).
DECODE_BATCH = 50


def points(
    session: Session, synthesis_id: int, submission_ids: Sequence[int], form: str | None = None
) -> dict[int, dict[str, tuple[Point, ...]]]:
    """The points of some of a synthesis's practices, by submission id; with a `form`, only
    that text of each (`practice.points_of`)."""
    return {
        submission_id: points_of(submission_id, stored, form, language, translation)
        for submission_id, stored, language, translation in _stored(
            session, synthesis_id, submission_ids
        )
    }


def points_by_key(
    session: Session,
    synthesis_id: int,
    submission_ids: Sequence[int],
    form: str | None = None,
    keys: Container[str] | None = None,
) -> dict[str, Point]:
    """The same points as `points`, by key alone: what a chapter looks its groups up in (with
    `keys`, only the points named there)."""
    found: dict[str, Point] = {}
    for submission_id, stored, language, translation in _stored(
        session, synthesis_id, submission_ids
    ):
        add_points(found, submission_id, stored, form, language, translation, keys)
    return found


def _stored(
    session: Session, synthesis_id: int, submission_ids: Sequence[int]
) -> Iterator[tuple[int, dict[str, Any], str, dict[str, Any] | None]]:
    """Each practice's stored points, its revision's language and frozen translation,
    `POINTS_BATCH` rows read and `DECODE_BATCH` decoded at a time."""
    for start in range(0, len(submission_ids), POINTS_BATCH):
        # Core rather than the ORM: these rows are plain values, and the ORM's handling of each
        # statement and row made an HTML report a few per cent slower.
        query = (
            sa_select(
                ITEMS.submission_id,
                ITEMS.revision_id,
                ITEMS.points,
                REVISIONS.language,
                ITEMS.translation,
            )
            .join_from(SynthesisItem, Revision, REVISIONS.id == ITEMS.revision_id)
            .where(
                ITEMS.synthesis_id == synthesis_id,
                ITEMS.submission_id.in_(submission_ids[start : start + POINTS_BATCH]),
            )
        )
        for rows in session.connection().execute(query).partitions(DECODE_BATCH):
            missing = _freeze(session, [row[1] for row in rows if row[2] is None])  # before 0005
            for submission_id, revision_id, stored, language, translation in rows:
                points = stored if stored is not None else missing[revision_id]
                yield submission_id, points, language, translation


def _freeze(session: Session, revision_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each revision's points, split once from the sanitised HTML stored when it was written."""
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(revision_ids), 5000):
        chunk = revision_ids[start : start + 5000]
        query = select(
            Revision.id, Revision.best_practices_html, Revision.lessons_learned_html
        ).where(col(Revision.id).in_(chunk))
        for revision_id, best, lessons in session.exec(query):
            # a stored row's id is never None: the model types it for rows not yet inserted
            found[cast(int, revision_id)] = stored_points(best, lessons)
    return found


def norms_of(session: Session, synthesis_id: int, submission_id: int) -> list[str]:
    """The norms of one frozen practice (none when the synthesis has no such practice)."""
    query = frozen(REVISIONS.norms).where(
        ITEMS.synthesis_id == synthesis_id, ITEMS.submission_id == submission_id
    )
    found = session.connection().execute(query).first()
    return list(found[0]) if found else []


def machine_drafts(session: Session, synthesis_id: int) -> dict[str, int]:
    """Per report language, how many of the practices' texts it would print are provider drafts:
    those of the revisions written in the other language."""
    query = (
        frozen(REVISIONS.language, func.sum(ITEMS.machine))
        .where(ITEMS.synthesis_id == synthesis_id, ITEMS.machine > 0)
        .group_by(REVISIONS.language)
    )
    written = {language: int(total or 0) for language, total in session.connection().execute(query)}
    return {
        lang: sum(n for language, n in written.items() if language != lang) for lang in ("en", "fr")
    }


def count_practices(session: Session, synthesis_id: int) -> int:
    query = select(func.count()).where(SynthesisItem.synthesis_id == synthesis_id)
    return session.exec(query).one()


def theme_names(session: Session) -> dict[str, dict[str, str]]:
    """Theme names by code, in the catalogue's order."""
    rows = session.exec(
        select(Theme.code, Theme.name_en, Theme.name_fr).order_by(col(Theme.position))
    )
    return {code: {"en": en, "fr": fr} for code, en, fr in rows}


def participant_names(session: Session) -> dict[str, dict[str, str]]:
    rows = session.exec(select(Participant.code, Participant.name_en, Participant.name_fr))
    return {code: {"en": en, "fr": fr} for code, en, fr in rows}


def _cycle(session: Session, code: str | None) -> Cycle | None:
    if code is None:
        return None
    cycle = session.exec(select(Cycle).where(Cycle.code == code)).first()
    if cycle is None:
        raise Invalid("cycle", f"unknown cycle {code}")
    return cycle


def _check_participants(session: Session, codes: list[str]) -> None:
    if not codes:
        return
    known = set(session.exec(select(Participant.code).where(col(Participant.code).in_(codes))))
    for code in codes:
        if code not in known:
            raise Invalid("participants", f"unknown participant {code}")


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _initial_texts(cycle: Cycle | None) -> dict[str, Any]:
    """Empty: the standard texts. A cycle's introduction is its call for contributions (it says
    they "will inform a synthesis", with its own caveat): the report names the cycle instead."""
    del cycle
    return {"introduction": {}, "way_forward": {}, "framing": {}}


def profiles(session: Session, codes: Sequence[str]) -> list[str]:
    """Per norm, what placement compares a point with: its title, text and guidance in both
    languages (points are written in either)."""
    norms = {norm.code: norm for norm in session.exec(select(Norm))}
    return [
        " ".join(
            getattr(norms[code], f"{name}_{lang}")
            for name in ("title", "text", "guidance")
            for lang in ("en", "fr")
        )
        for code in codes
    ]


def _catalogue(session: Session, cycle: Cycle | None) -> dict[str, Any]:
    """The catalogue texts the report quotes, frozen so later edits leave the synthesis alone."""
    norms = session.exec(select(Norm).order_by(col(Norm.position))).all()
    return {
        "norms": [
            {
                "code": norm.code,
                "reference": norm.reference,
                "title": {"en": norm.title_en, "fr": norm.title_fr},
                "text": {"en": norm.text_en, "fr": norm.text_fr},
                "official": norm.text_official,
            }
            for norm in norms
        ],
        "presiding": cycle.presiding_code if cycle else None,
        "cycle_title": {"en": cycle.title_en, "fr": cycle.title_fr} if cycle else None,
    }
