"""Schemathesis, stateful: sequences that follow the OpenAPI links (create, then read, edit with the
ETag, submit, publish, return, withdraw), as a visitor, a delegation and the presidency, with JSON
bodies sent under media types varied in case, parameters and `+json` suffix. No 5xx, every answer
as documented; the number of scenarios is bounded so that the run stays near a minute."""

import zlib
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, settings

from tests.databases import Seeded
from tests.security.test_fuzz import CHECKS, ROLES, seeded_app  # noqa: F401  (the fixture)

JSON_TYPES = [
    "application/json",
    "Application/JSON",
    "application/json; charset=UTF-8",
    "APPLICATION/VND.API+JSON",
    "application/merge-patch+json",
]


def media_type(case: schemathesis.Case) -> str:
    """One of the variants, fixed per case so that a failure replays the same way."""
    return JSON_TYPES[zlib.crc32(repr(case.body).encode()) % len(JSON_TYPES)]


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_linked_sequences_answer_within_the_schema(
    seeded_app: tuple[FastAPI, Seeded],  # noqa: F811
    role: str,
) -> None:
    app, seeded = seeded_app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    # the operations that revoke the token every step uses stay out of the sequences
    schema = schema.exclude(path="/api/v1/auth/token").exclude(
        path_regex="^/api/v1/users", method="PATCH"
    )
    base = schema.as_state_machine()
    calls: list[int] = []

    class Scenario(base):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            headers = dict(seeded.headers(role))
            if case.body is not None and case.media_type == "application/json":
                headers["Content-Type"] = media_type(case)
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(response.status_code)
            case.validate_response(response, checks=CHECKS)

    Scenario.run(
        settings=settings(
            max_examples=12,
            stateful_step_count=6,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
    print(f"stateful as {role}: {len(calls)} calls, statuses {sorted(set(calls))}")
    assert len(calls) >= 12
    created = schema.raw_schema["paths"]["/api/v1/submissions"]["post"]["responses"]["201"]
    assert {"Read", "Edit", "Submit", "Publish"} <= set(created["links"])
