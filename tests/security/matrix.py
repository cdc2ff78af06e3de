"""The permission table: for every route of the app, what each actor gets on each kind of object.

A row names a route (method and path as the app declares it), the rule giving the expected status for an
actor and an object state, what `{id}` refers to, and the request body a write needs. Actors: `anonymous`,
`own` (the delegation that wrote the practice, FRA), `foreign` (another delegation, DEU) and `presidency`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.conftest import PASSWORD

ANONYMOUS, OWN, FOREIGN, PRESIDENCY = "anonymous", "own", "foreign", "presidency"
ACTORS = (ANONYMOUS, OWN, FOREIGN, PRESIDENCY)
DELEGATIONS = {OWN, FOREIGN}
LOGIN = "login"  # a 303 to /login: the page needs a logged-in member
PRACTICE_STATES = ("draft", "submitted", "returned", "published", "withdrawn", "missing")
SYNTHESIS_STATES = ("draft", "published", "missing")
STATES = {"practice": PRACTICE_STATES, "synthesis": SYNTHESIS_STATES}
EDITABLE = {"draft", "submitted", "returned", "published"}
ALIVE = {"draft", "submitted", "returned", "published"}
NO_JOB = 2_000_000_000  # a job that does not exist: what a job is, the job tests check


@dataclass(frozen=True)
class Cell:
    """One request of the matrix: who, on what, and what the request needs to be valid."""

    actor: str
    state: str
    id: int = 0
    version: int = 0
    point: str = ""


Expected = int | str
Rule = Callable[[str, str], Expected]
Body = Callable[[Cell], dict[str, Any]]


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expect: Rule
    kind: str | None = None  # what {id} names: practice, synthesis or user
    body: Body | None = None
    audited: bool = True  # a successful write leaves an audit entry
    values: dict[str, str] = field(default_factory=dict)  # other path parameters


def everyone(status: int) -> Rule:
    return lambda actor, state: status


def only(role: str, status: int, others: int = 403, anonymous: Expected = 403) -> Rule:
    """`role` is presidency, delegation or member (either); web pages send anonymous visitors to
    the login page."""
    members = {PRESIDENCY: {PRESIDENCY}, "delegation": DELEGATIONS}.get(role, set(ACTORS))

    def rule(actor: str, state: str) -> Expected:
        if actor == ANONYMOUS:
            return anonymous
        return status if actor in members else others

    return rule


def is_hidden(actor: str, state: str) -> bool:
    """Another participant's unpublished work does not exist for this actor."""
    return state == "missing" or (actor in {ANONYMOUS, FOREIGN} and state != "published")


def practice_read(status: int = 200) -> Rule:
    return lambda actor, state: 404 if is_hidden(actor, state) else status


def public_only() -> Rule:
    """What exists only for a public practice (its citation, its public history), for everyone."""
    return lambda actor, state: 200 if state == "published" else 404


def practice_author(allowed: set[str], status: int = 200) -> Rule:
    """Its delegation or the presidency, in the states the transition starts from."""

    def rule(actor: str, state: str) -> Expected:
        if is_hidden(actor, state):
            return 404
        if actor in {ANONYMOUS, FOREIGN}:
            return 403
        return status if state in allowed else 409

    return rule


def practice_presidency(allowed: set[str], status: int = 200, web: bool = False) -> Rule:
    def rule(actor: str, state: str) -> Expected:
        if actor == ANONYMOUS and web:
            return LOGIN
        if actor != PRESIDENCY:
            return 403
        if state == "missing":
            return 404
        return status if state in allowed else 409

    return rule


def workspace(allowed: set[str], status: int = 303) -> Rule:
    """The delegation's own pages: the presidency reviews, it does not edit."""

    def rule(actor: str, state: str) -> Expected:
        if actor == ANONYMOUS:
            return LOGIN
        if actor == PRESIDENCY:
            return 403
        return practice_author(allowed, status)(actor, state)

    return rule


def synthesis_read(actor: str, state: str) -> Expected:
    return 404 if state == "missing" or (state == "draft" and actor != PRESIDENCY) else 200


def synthesis_edit(status: int = 200, web: bool = False) -> Rule:
    """A published synthesis is frozen."""

    def rule(actor: str, state: str) -> Expected:
        if actor == ANONYMOUS and web:
            return LOGIN
        if actor != PRESIDENCY:
            return 403
        return {"missing": 404, "published": 409}.get(state, status)

    return rule


def synthesis_presidency(web: bool = False) -> Rule:
    """The presidency's view of a synthesis, draft or published."""

    def rule(actor: str, state: str) -> Expected:
        if actor == ANONYMOUS and web:
            return LOGIN
        return 403 if actor != PRESIDENCY else (404 if state == "missing" else 200)

    return rule


FORM = {
    "norms": "13g",
    "title": "A register of operators",
    "summary": "How the register is kept.",
    "body": "The **register**.",
    "language": "en",
    "attribution": "attributed",
}
OWN_PARTICIPANT = {OWN: "FRA", FOREIGN: "DEU", PRESIDENCY: "FRA", ANONYMOUS: "FRA"}


def json(value: dict[str, Any]) -> Body:
    return lambda cell: {"json": value}


def form(value: dict[str, Any]) -> Body:
    return lambda cell: {"data": value}


def practice_json(cell: Cell) -> dict[str, Any]:
    data = {**FORM, "norms": ["13g"], "participant": OWN_PARTICIPANT[cell.actor]}
    return {"json": data}


def if_match(cell: Cell) -> dict[str, Any]:
    return {
        "json": {"title": "Edited title"},
        "headers": {"If-Match": f'"{cell.id}.{cell.version}"'},
    }


def edit_form(cell: Cell) -> dict[str, Any]:
    return {"data": {**FORM, "version": str(cell.version)}}


def reorder(cell: Cell) -> dict[str, Any]:
    edit = {"op": "reorder", "norm": "13g", "section": "best_practices", "points": [cell.point]}
    return {"json": edit}


def review(cell: Cell) -> dict[str, Any]:
    """The presidency's wording of the title of the practice `cell.point` belongs to."""
    return {"json": {"submission_id": int(cell.point.partition(".")[0]), "title": "Registre"}}


def review_form(cell: Cell) -> dict[str, Any]:
    return {"data": review(cell)["json"]}


def reorder_form(cell: Cell) -> dict[str, Any]:
    return {"data": reorder(cell)["json"]}


CYCLE = {
    "code": "matrix-new",
    "title_en": "New cycle",
    "title_fr": "Nouveau cycle",
    "presiding": "FRA",
    "opens_on": "2027-01-01",
    "closes_on": "2027-12-31",
}
USER = {"password": PASSWORD, "role": "delegation", "participant": "JPN"}
SPARE_LOGIN = {"email": "spare@matrix.normbook.org", "password": PASSWORD}
SPARE_TOKEN = {"username": SPARE_LOGIN["email"], "password": PASSWORD}
P, S, U = "practice", "synthesis", "user"

API = "/api/v1"
ROWS: list[Row] = [
    # Machine-readable and static routes, public by design.
    Row("GET", "/openapi.json", everyone(200)),
    Row("GET", "/healthz", everyone(200)),
    Row("GET", "/readyz", everyone(200)),
    Row("GET", "/api/docs", everyone(200)),
    Row("MOUNT", "/static", everyone(200), values={"path": "normbook.css"}),
    Row("MOUNT", "/api/static", everyone(200), values={"path": "docs-init.js"}),
    Row("MOUNT", "/api/swagger", everyone(200), values={"path": "swagger-ui.css"}),
    # JSON API.
    Row("POST", f"{API}/auth/token", everyone(200), body=form(SPARE_TOKEN), audited=False),
    Row("DELETE", f"{API}/auth/token", only("member", 204, 204, 401), audited=False),
    Row("GET", f"{API}/norms", everyone(200)),
    Row("GET", f"{API}/norms/{{code}}", everyone(200), values={"code": "13a"}),
    Row(
        "PATCH",
        f"{API}/norms/{{code}}",
        only(PRESIDENCY, 200),
        body=json({"title_en": "Edited"}),
        values={"code": "13a"},
    ),
    Row("GET", f"{API}/themes", everyone(200)),
    Row("GET", f"{API}/participants", everyone(200)),
    Row("GET", f"{API}/participants/{{code}}", everyone(200), values={"code": "DEU"}),
    Row("GET", f"{API}/compare", everyone(422)),  # asked without the participants to compare
    Row("GET", f"{API}/submissions", everyone(200)),
    Row("POST", f"{API}/submissions", only("delegation", 201, 201), body=practice_json),
    Row("GET", f"{API}/submissions/{{id}}", practice_read(), P),
    Row("PATCH", f"{API}/submissions/{{id}}", practice_author(EDITABLE), P, if_match),
    Row("POST", f"{API}/submissions/{{id}}/submit", practice_author({"draft", "returned"}), P),
    Row("POST", f"{API}/submissions/{{id}}/publish", practice_presidency({"submitted"}), P),
    Row(
        "POST",
        f"{API}/submissions/{{id}}/return",
        practice_presidency({"submitted"}),
        P,
        json({"comment": "Please add dates."}),
    ),
    Row("POST", f"{API}/submissions/{{id}}/withdraw", practice_author(ALIVE), P),
    Row("GET", f"{API}/submissions/{{id}}/revisions", practice_read(), P),
    Row("GET", f"{API}/cycles", everyone(200)),
    Row("GET", f"{API}/cycles/{{code}}", everyone(200), values={"code": "matrix-2026"}),
    Row("POST", f"{API}/cycles", only(PRESIDENCY, 201), body=json(CYCLE)),
    Row(
        "PATCH",
        f"{API}/cycles/{{code}}",
        only(PRESIDENCY, 200),
        body=json({"title_en": "Edited"}),
        values={"code": "matrix-2026"},
    ),
    Row("GET", f"{API}/users", only(PRESIDENCY, 200)),
    Row(
        "POST",
        f"{API}/users",
        only(PRESIDENCY, 201),
        body=json({**USER, "email": "new-api@matrix.normbook.org"}),
    ),
    Row("PATCH", f"{API}/users/{{id}}", only(PRESIDENCY, 200), U, json({"is_active": False})),
    Row("GET", f"{API}/audit", only(PRESIDENCY, 200)),
    Row("POST", f"{API}/syntheses", only(PRESIDENCY, 202), body=json({"title": "Matrix"})),
    Row("GET", f"{API}/jobs", only(PRESIDENCY, 200)),
    Row("GET", f"{API}/jobs/{{id}}", only(PRESIDENCY, 404), values={"id": str(NO_JOB)}),
    Row("GET", f"{API}/syntheses", everyone(200)),
    Row("GET", f"{API}/syntheses/{{id}}", synthesis_read, S),
    Row("GET", f"{API}/syntheses/{{id}}/report.{{fmt}}", synthesis_read, S, values={"fmt": "md"}),
    Row("POST", f"{API}/syntheses/{{id}}/publish", synthesis_edit(), S),
    Row(
        "PATCH",
        f"{API}/syntheses/{{id}}/texts",
        synthesis_edit(),
        S,
        json({"introduction": {"en": "Introduction"}}),
    ),
    Row("GET", f"{API}/syntheses/{{id}}/grouping", synthesis_presidency(), S),
    Row("GET", f"{API}/syntheses/{{id}}/translations", synthesis_presidency(), S),
    Row("POST", f"{API}/syntheses/{{id}}/translations", synthesis_edit(), S, review),
    Row("POST", f"{API}/syntheses/{{id}}/edits", synthesis_edit(201), S, reorder),
    Row(
        "DELETE",
        f"{API}/syntheses/{{id}}/edits/{{index}}",
        synthesis_edit(204),
        S,
        values={"index": "0"},
    ),
    # Public pages.
    *(
        Row("GET", path, everyone(200), values={"code": code})
        for path, code in [
            ("/", ""),
            ("/norms", ""),
            ("/norms/{code}", "13(a)"),
            ("/participants", ""),
            ("/participants/{code}", "FRA"),
            ("/search", ""),
            ("/coverage", ""),
            ("/compare", ""),
            ("/data", ""),
            ("/feed.atom", ""),
            ("/export/submissions.csv", ""),
            ("/export/submissions.json", ""),
        ]
    ),
    Row("GET", "/practices/{id}", practice_read(), P),
    *(
        Row("GET", f"/practices/{{id}}/{page}", public_only(), P)
        for page in ("history", "cite.bib", "cite.json")
    ),
    Row("GET", "/favicon.ico", everyone(301)),
    # Account.
    Row("GET", "/login", only("member", 303, 303, 200)),
    Row("POST", "/login", everyone(303), body=form(SPARE_LOGIN), audited=False),
    Row("POST", "/logout", everyone(303), audited=False),
    # The delegation's workspace.
    Row("GET", "/workspace", only("delegation", 200, anonymous=LOGIN)),
    Row("GET", "/workspace/practices/new", only("delegation", 200, anonymous=LOGIN)),
    Row(
        "POST",
        "/workspace/practices/new",
        only("delegation", 303, anonymous=LOGIN),
        body=form(FORM),
    ),
    Row("GET", "/workspace/practices/{id}/edit", workspace(ALIVE | {"withdrawn"}, 200), P),
    Row("POST", "/workspace/practices/{id}/edit", workspace(EDITABLE), P, edit_form),
    Row("POST", "/workspace/practices/{id}/submit", workspace({"draft", "returned"}), P),
    Row("POST", "/workspace/practices/{id}/withdraw", workspace(ALIVE), P),
    # Word in and out.
    Row("GET", "/workspace/template.docx", only("delegation", 200, anonymous=LOGIN)),
    Row("GET", "/workspace/practices/import", only("delegation", 200, anonymous=LOGIN)),
    Row(
        "POST",
        "/workspace/practices/import",
        only("delegation", 422, anonymous=LOGIN),
        audited=False,
    ),
    Row("GET", "/practices/{id}.docx", practice_read(), P),
    # Notifications: each member's own.
    Row("GET", "/notifications", only("member", 200, anonymous=LOGIN)),
    Row("POST", "/notifications/read", only("member", 303, anonymous=LOGIN), audited=False),
    # The presidency's review and administration.
    Row("GET", "/review", only(PRESIDENCY, 200, anonymous=LOGIN)),
    Row("GET", "/review/{id}", practice_presidency(set(PRACTICE_STATES), web=True), P),
    Row("POST", "/review/{id}/publish", practice_presidency({"submitted"}, 303, web=True), P),
    Row(
        "POST",
        "/review/{id}/return",
        practice_presidency({"submitted"}, 303, web=True),
        P,
        form({"comment": "Please add dates."}),
    ),
    Row("GET", "/admin/users", only(PRESIDENCY, 200, anonymous=LOGIN)),
    Row(
        "POST",
        "/admin/users",
        only(PRESIDENCY, 303, anonymous=LOGIN),
        body=form({**USER, "email": "new-web@matrix.normbook.org"}),
    ),
    Row(
        "POST",
        "/admin/users/{id}/active",
        only(PRESIDENCY, 303, anonymous=LOGIN),
        U,
        form({"active": "0"}),
    ),
    Row("GET", "/admin/audit", only(PRESIDENCY, 200, anonymous=LOGIN)),
    # Syntheses: the published reports, and the presidency's screens.
    Row("GET", "/syntheses", everyone(200)),
    Row("GET", "/syntheses/{id}", synthesis_read, S),
    Row("GET", "/syntheses/{id}/report.{fmt}", synthesis_read, S, values={"fmt": "md"}),
    Row("GET", "/admin/syntheses", only(PRESIDENCY, 200, anonymous=LOGIN)),
    Row("GET", "/admin/syntheses/new", only(PRESIDENCY, 200, anonymous=LOGIN)),
    Row("GET", "/admin/jobs", only(PRESIDENCY, 200, anonymous=LOGIN)),
    Row(
        "GET",
        "/admin/jobs/{id}",
        only(PRESIDENCY, 404, anonymous=LOGIN),
        values={"id": str(NO_JOB)},
    ),
    Row(
        "POST",
        "/admin/syntheses",
        only(PRESIDENCY, 303, anonymous=LOGIN),
        body=form({"title": "Matrix"}),
    ),
    Row("GET", "/admin/syntheses/{id}", synthesis_presidency(web=True), S),
    Row(
        "GET",
        "/admin/syntheses/{id}/chapters/{norm}/{section}",
        synthesis_presidency(web=True),
        S,
        values={"norm": "13g", "section": "best_practices"},
    ),
    Row("POST", "/admin/syntheses/{id}/edits", synthesis_edit(303, web=True), S, reorder_form),
    Row(
        "POST",
        "/admin/syntheses/{id}/edits/{index}/delete",
        synthesis_edit(303, web=True),
        S,
        values={"index": "0"},
    ),
    Row(
        "POST",
        "/admin/syntheses/{id}/texts",
        synthesis_edit(303, web=True),
        S,
        form({"introduction_en": "Introduction"}),
    ),
    Row("POST", "/admin/syntheses/{id}/publish", synthesis_edit(303, web=True), S),
    Row(
        "POST", "/admin/syntheses/{id}/translations", synthesis_edit(303, web=True), S, review_form
    ),
]
