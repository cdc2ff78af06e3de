"""Every route of the app, as every actor, on objects in every state: the outcome the table in
`tests/security/matrix.py` gives, nothing written by a refused request, and an audit entry for every
successful write. A route without a row fails the test; so does a row without a route.

Each request runs inside a savepoint that is rolled back afterwards, so that every cell starts from
the same objects whatever the cells before it did.
"""

from dataclasses import dataclass, field

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Connection, text
from sqlmodel import Session
from starlette.routing import Mount

from api import accounts
from norms.models import utcnow
from submissions.models import Cycle, Status, Submission
from synthesis.consolidate import grouping
from synthesis.freeze import snapshot
from synthesis.schemas import GroupingEdit, Section, SynthesisCreate
from tests.conftest import PASSWORD, Account
from tests.factories import PRESIDENCY as PRESIDENCY_ACTOR
from tests.factories import make_submission
from tests.security.matrix import (
    ACTORS,
    ANONYMOUS,
    API,
    FOREIGN,
    LOGIN,
    OWN,
    PRESIDENCY,
    ROWS,
    SPARE_LOGIN,
    STATES,
    Cell,
    Expected,
    Row,
)
from tests.web.conftest import csrf_of
from web.sessions import COOKIE

MISSING = 2_000_000_000
MACHINE = ("/api/", "/openapi.json", "/healthz", "/readyz")
ACCOUNTS = {OWN: "FRA", FOREIGN: "DEU", PRESIDENCY: "presidency"}


@dataclass
class World:
    """The objects every cell acts on, and each actor's credentials for the API and the pages."""

    ids: dict[str, dict[str, int]] = field(default_factory=dict)
    point: str = ""
    bearer: dict[str, dict[str, str]] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: dict[str, str] = field(default_factory=dict)


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    routes = set()
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, Mount):
            routes.add(("MOUNT", route.path))
            continue
        methods = set(context.methods or ())
        if "GET" in methods:
            methods.discard("HEAD")  # served as GET
        routes.update((method, str(context.path)) for method in methods)
    return routes


def make_objects(session: Session, world: World) -> None:
    practices = {status.value: make_submission(session, "FRA", status).id or 0 for status in Status}
    session.add(
        Cycle(
            code="matrix-2026",
            title_en="Cycle",
            title_fr="Cycle",
            presiding_code="FRA",
            opens_on=utcnow().date(),
            closes_on=utcnow().date(),
        )
    )
    spare = accounts.create_user(session, SPARE_LOGIN["email"], PASSWORD, "delegation", "JPN")
    draft = snapshot.create(session, PRESIDENCY_ACTOR, SynthesisCreate(title="Draft"))
    published = snapshot.create(session, PRESIDENCY_ACTOR, SynthesisCreate(title="Published"))
    snapshot.publish(session, PRESIDENCY_ACTOR, published.id or 0)
    section = ("13g", Section.best_practices)
    world.point = grouping.current(session, PRESIDENCY_ACTOR, draft.id or 0)[section][0].key
    edit = {"op": "reorder", "norm": "13g", "section": "best_practices", "points": [world.point]}
    grouping.add_edit(session, PRESIDENCY_ACTOR, draft.id or 0, GroupingEdit(**edit))
    world.ids = {
        "practice": {**practices, "missing": MISSING},
        "synthesis": {"draft": draft.id or 0, "published": published.id or 0, "missing": MISSING},
        "user": {"-": spare.id or 0},
    }
    session.commit()


def log_in(client: TestClient, world: World, actor: str, account: Account | None) -> None:
    """Keep the actor's session cookie and CSRF token, logging in through the form if a member."""
    client.cookies.clear()
    page = client.get("/login")
    if account is not None:
        form = {"csrf_token": csrf_of(page.text), "email": account.email, "password": PASSWORD}
        assert client.post("/login", data=form, follow_redirects=False).status_code == 303
        page = client.get("/")
        world.bearer[actor] = account.headers
    world.cookies[actor] = client.cookies[COOKIE]
    world.csrf[actor] = csrf_of(page.text)


def outcome(response: Response) -> Expected:
    location = response.headers.get("location", "")
    return (
        LOGIN
        if response.status_code == 303 and location.startswith("/login")
        else response.status_code
    )


def send(client: TestClient, world: World, row: Row, cell: Cell, csrf: bool = True) -> Response:
    path = row.path.format(**{"id": cell.id, **row.values})  # a row may name its own id
    method = row.method
    if method == "MOUNT":
        method, path = "GET", f"{path}/{row.values['path']}"
    request = row.body(cell) if row.body else {}
    headers = request.pop("headers", {})
    client.cookies.clear()
    if path.startswith(MACHINE):
        headers.update(world.bearer.get(cell.actor, {}))
    else:
        client.cookies.set(COOKIE, world.cookies[cell.actor])
        if method == "POST" and csrf:
            request["data"] = {"csrf_token": world.csrf[cell.actor], **request.get("data", {})}
    return client.request(method, path, headers=headers, follow_redirects=False, **request)


def audit_count(connection: Connection) -> int:
    return int(connection.execute(text("SELECT count(*) FROM audit_entry")).scalar_one())


def run_cell(
    client: TestClient, session: Session, world: World, row: Row, cell: Cell, csrf: bool = True
) -> tuple[Expected, int]:
    """The cell's outcome and how many audit entries it added, then undo whatever it did."""
    connection = session.get_bind()
    assert isinstance(connection, Connection)
    savepoint = connection.begin_nested()
    try:
        if row.kind == "practice" and cell.state != "missing":
            submission = session.get(Submission, cell.id)
            assert submission is not None
            cell = Cell(cell.actor, cell.state, cell.id, submission.version, cell.point)
        before = audit_count(connection)
        response = send(client, world, row, cell, csrf)
        return outcome(response), audit_count(connection) - before
    finally:
        session.rollback()
        savepoint.rollback()
        session.expire_all()


def expected_of(row: Row, cell: Cell) -> Expected:
    """The row's rule, but an API write without a token is 401 (OAuth2 bearer), whatever it
    names: the caller has not said who it is."""
    is_api_write = row.path.startswith(API) and row.method not in {"GET", "HEAD", "MOUNT"}
    if cell.actor == ANONYMOUS and is_api_write and row.path != f"{API}/auth/token":
        return 401
    return row.expect(cell.actor, cell.state)


def check(row: Row, cell: Cell, got: Expected, added: int) -> list[str]:
    name = f"{row.method} {row.path} as {cell.actor} on {cell.state}"
    expected = expected_of(row, cell)
    problems = [f"{name}: expected {expected}, got {got}"] if got != expected else []
    is_success = isinstance(got, int) and got < 400
    if row.method in {"GET", "MOUNT"} or not is_success:
        if added:
            problems.append(f"{name}: answered {got} but wrote {added} audit entries")
    elif row.audited and added < 1:
        problems.append(f"{name}: a successful write left no audit entry")
    return problems


def test_every_route_answers_every_actor_as_the_table_says(
    app: FastAPI, client: TestClient, session: Session, accounts_by_key: dict[str, Account]
) -> None:
    table = {(row.method, row.path) for row in ROWS}
    routes = app_routes(app)
    assert not routes - table, f"routes without a row in the matrix: {sorted(routes - table)}"
    assert not table - routes, f"rows for routes that do not exist: {sorted(table - routes)}"
    assert len(table) == len(ROWS), "a route has two rows"

    world = World()
    make_objects(session, world)
    log_in(client, world, ANONYMOUS, None)
    for actor, key in ACCOUNTS.items():
        log_in(client, world, actor, accounts_by_key[key])

    problems: list[str] = []
    outcomes: dict[tuple[str, str, str, str], Expected] = {}
    for row in ROWS:
        for state in STATES.get(row.kind or "", ("-",)):
            object_id = world.ids.get(row.kind or "", {}).get(state, 0)
            for actor in ACTORS:
                cell = Cell(actor, state, object_id, point=world.point)
                got, added = run_cell(client, session, world, row, cell)
                outcomes[row.method, row.path, actor, state] = got
                problems += check(row, cell, got, added)

    # What a delegation or a visitor learns about unpublished work is what it learns about none.
    for (method, path, actor, state), got in outcomes.items():
        is_unpublished = state in {"draft", "submitted", "returned", "withdrawn"}
        is_outsider = actor in {ANONYMOUS, FOREIGN}
        if is_outsider and is_unpublished and got != outcomes[method, path, actor, "missing"]:
            problems.append(f"{method} {path} as {actor}: {state} gets {got}, unlike missing")
    print(f"permission matrix: {len(ROWS)} routes, {len(outcomes)} cells")
    assert not problems, "\n".join(problems)
