"""The illustrative demo data set: fictional practices, loaded through the real workflow."""

import json
from datetime import UTC, date, datetime, time
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from submissions.access import Actor
    from submissions.models import Cycle, Submission

# The loader's imports are inside it: the CLI reads PASSWORD without loading the workflow.

PASSWORD = "normbook-demo"
PRESIDENCY = "presidency@demo.normbook.org"
SYNTHESIS_TITLE = "G7 2019"  # in no one language: the report says the rest in its own
SYNTHESIS_CYCLE = "g7-2019"


def data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(files("api.demo").joinpath("data.json").read_text("utf-8"))
    return loaded


def load(session: "Session", password: str = PASSWORD) -> int:
    """Load the demo set unless it is there already; returns how many practices it loaded."""
    from sqlmodel import select

    from api import accounts
    from norms import catalogue
    from submissions.models import Role, User

    if session.exec(select(User).where(User.email == PRESIDENCY)).first():
        return 0
    catalogue.load(session)
    content = data()
    cycles = {c["code"]: _cycle(session, c) for c in content["cycles"]}
    actors = {}
    shared_hash = accounts.hasher().hash(password)
    for spec in content["users"]:
        user = accounts.create_user(
            session, spec["email"], password, spec["role"], spec["participant"], shared_hash
        )
        actors[spec["email"]] = accounts.actor_for(user)
    presidency = actors[PRESIDENCY]
    by_participant = {a.participant: a for a in actors.values() if a.role is Role.delegation}
    for spec in content["practices"]:
        _practice(session, spec, by_participant[spec["participant"]], presidency, cycles)
    _synthesis(session, presidency)
    return len(content["practices"])


def _synthesis(session: "Session", presidency: "Actor") -> None:
    """The closed 2019 cycle's synthesis, published: the project's main output on a fresh site."""
    from synthesis.freeze import snapshot
    from synthesis.schemas import SynthesisCreate

    data = SynthesisCreate(title=SYNTHESIS_TITLE, cycle=SYNTHESIS_CYCLE)
    made = snapshot.create(session, presidency, data)
    assert made.id is not None
    snapshot.publish(session, presidency, made.id)


def _cycle(session: "Session", spec: dict[str, Any]) -> "Cycle":
    from submissions.models import Cycle

    cycle = Cycle(
        code=spec["code"],
        title_en=spec["title"]["en"],
        title_fr=spec["title"]["fr"],
        presiding_code=spec["presiding"],
        opens_on=date.fromisoformat(spec["opens_on"]),
        closes_on=date.fromisoformat(spec["closes_on"]),
        introduction_en=spec["introduction"]["en"],
        introduction_fr=spec["introduction"]["fr"],
    )
    session.add(cycle)
    session.flush()
    return cycle


def _practice(
    session: "Session",
    spec: dict[str, Any],
    author: "Actor",
    presidency: "Actor",
    cycles: dict[str, "Cycle"],
) -> "Submission":
    from submissions import workflow
    from submissions.schemas import SubmissionCreate

    fields = {k: v for k, v in spec.items() if k not in {"participant", "status", "return_comment"}}
    submission = workflow.create(session, author, SubmissionCreate.model_validate(fields))
    assert submission.id is not None
    status = spec["status"]
    if status != "draft":
        workflow.submit(session, author, submission.id)
    if status in {"published", "withdrawn"}:
        workflow.publish(session, presidency, submission.id)
        cycle = cycles.get(spec["cycle"] or "")
        if cycle is not None and cycle.closes_on < date.today():
            submission.published_at = datetime.combine(cycle.closes_on, time(12), tzinfo=UTC)
    if status == "returned":
        workflow.return_(
            session, presidency, submission.id, spec["return_comment"] or "Please revise."
        )
    if status == "withdrawn":
        workflow.withdraw(session, author, submission.id)
    session.add(submission)
    return submission
