"""Schemathesis against the app's own OpenAPI schema: every operation, as every role, on a seeded database.

No input may produce a 5xx, and every response must conform to the schema (status code documented, content
type and body as declared). The number of examples is bounded so that the run stays near a minute.
"""

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.deps import current_settings
from api.settings import get_settings
from tests.databases import Seeded, migrated, seed

ROLES = ("anonymous", "FRA", "presidency")
EXAMPLES = {GenerationMode.POSITIVE: 8, GenerationMode.NEGATIVE: 4}
KNOWN = 2  # examples per known object
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def known_paths(seeded: Seeded, operation: schemathesis.APIOperation) -> list[dict[str, object]]:
    """Existing objects, so that examples also reach past the 404 of a random identifier."""
    if operation.path.startswith("/api/v1/submissions/{id}"):
        return [{"id": seeded.submissions[key]} for key in sorted(seeded.submissions)]
    if operation.path == "/api/v1/users/{id}":
        return [{"id": seeded.user_ids["spare"]}, {"id": seeded.user_ids["presidency"]}]
    known = {"norms": "13a", "cycles": "fr-2026", "participants": "DEU"}
    for prefix, code in known.items():
        if operation.path == f"/api/v1/{prefix}/{{code}}":
            return [{"code": code}]
    return []


def revokes_credentials(operation: schemathesis.APIOperation) -> bool:
    """Run last: these may revoke the tokens every other operation uses."""
    return operation.label in {"DELETE /api/v1/auth/token", "PATCH /api/v1/users/{id}"}


@pytest.fixture(scope="module")
def seeded_app() -> Iterator[tuple[FastAPI, Seeded]]:
    database = migrated("fuzz")
    seeded = seed(database)
    settings_ = get_settings().model_copy(update={"database_url": database.url})
    app = create_app(settings_)
    app.dependency_overrides[current_settings] = lambda: settings_
    yield app, seeded
    database.dispose()


def fuzz(
    operation: schemathesis.APIOperation,
    mode: GenerationMode,
    headers: dict[str, str],
    path: dict[str, object] | None = None,
) -> int:
    """Run bounded examples of one operation in one mode; return how many ran."""
    ran = 0

    @settings(
        max_examples=KNOWN if path else EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path))
    def run(case: schemathesis.Case) -> None:
        nonlocal ran
        ran += 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE, (
            f"{operation.label}: no valid input can be generated"
        )
    return ran


@pytest.mark.slow
def test_every_operation_as_every_role_answers_within_the_schema(
    seeded_app: tuple[FastAPI, Seeded],
) -> None:
    app, seeded = seeded_app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = sorted(
        (result.ok() for result in schema.get_all_operations()), key=revokes_credentials
    )
    assert len(operations) >= 20
    examples, failures = 0, []
    for operation in operations:
        for role in ROLES:
            for mode in EXAMPLES:
                try:
                    examples += fuzz(operation, mode, seeded.headers(role))
                    if mode is GenerationMode.POSITIVE:
                        for path in known_paths(seeded, operation):
                            examples += fuzz(operation, mode, seeded.headers(role), path)
                except (
                    Exception,
                    BaseExceptionGroup,
                ) as error:  # gather every operation's failure, then report them all
                    failures.append(f"{operation.label} as {role} ({mode.value}): {error}")
    print(f"fuzzed {len(operations)} operations, {examples} examples")
    assert not failures, "\n\n".join(failures)
    assert examples >= len(operations) * len(ROLES) * 5
