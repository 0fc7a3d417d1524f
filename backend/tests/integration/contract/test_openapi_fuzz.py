"""schemathesis over /openapi.json, authenticated: no 5xx, and every response fits the schema
the API publishes (status codes, content types, headers, bodies); invalid input is refused
with a 4xx and valid input is accepted.

CI runs it with a fixed seed, so a run is reproducible; ``scripts/fuzz.sh`` runs the deeper
random search (a fresh seed, more examples) and prints the seed of any failure."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks
from schemathesis.core.failures import FailureGroup

from tests.conftest import register_and_login
from tests.fixtures.api import running_api
from waymark.llm.simulator.run import SimulatorURLs
from waymark.settings import Settings, load_settings

# /health/ready and /health/celery answer 503 by design when a dependency (here: workers) is down.
OPS_WITHOUT_WORKERS = r"^/health/(ready|celery)$"
# JSON Schema's "email" format admits addresses at special-use domains (".test", ".local")
# that the API's email validation refuses with a 422 by design.
STRICTER_THAN_FORMAT = {"POST /api/v1/auth/register", "POST /api/v1/auth/login"}
FUZZ_SEED = int(os.environ.get("WAYMARK_FUZZ_SEED", "20261202"))
FUZZ_EXAMPLES = int(os.environ.get("WAYMARK_FUZZ_EXAMPLES", "25"))


@pytest.fixture(scope="module")
def fuzz_api(settings: Settings, simulator_urls: SimulatorURLs) -> Iterator[str]:
    unlimited = {"rate_limit_per_minute": 1_000_000, "task_create_per_minute": 1_000_000}
    fuzz_settings = load_settings(
        env="test",
        db={"url": settings.db.url},
        redis={"url": settings.redis.url},
        llm={"base_url": simulator_urls.llm_base_url},  # the placement check's assessor
        api=settings.api.model_dump() | unlimited,
        celery={"active_task_cap": 100},
    )
    with running_api(fuzz_settings) as url:
        yield url


# Signing out ends the session the other operations use: it is fuzzed last, and each run
# (valid, invalid) signs in afresh.
SIGN_OUT = "POST /api/v1/auth/logout"


@pytest.fixture
def auth_headers(fuzz_api: str) -> dict[str, str]:
    async def login() -> dict[str, str]:
        async with httpx.AsyncClient(base_url=fuzz_api) as http:
            return await register_and_login(http)

    return asyncio.run(login())


def fuzz_operation(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> None:
    excluded = [checks.positive_data_acceptance] if operation.label in STRICTER_THAN_FORMAT else []

    @seed(FUZZ_SEED)
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    try:
        run()
    except Unsatisfiable:
        pass  # nothing to make invalid (an operation without parameters or body)


@pytest.mark.timeout(600)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_no_server_errors_and_responses_match_the_schema(
    fuzz_api: str, auth_headers: dict[str, str], mode: GenerationMode
) -> None:
    schema = schemathesis.openapi.from_url(f"{fuzz_api}/openapi.json").exclude(path_regex=OPS_WITHOUT_WORKERS)
    found = [result.ok() for result in schema.get_all_operations()]
    operations = sorted(found, key=lambda operation: operation.label == SIGN_OUT)
    assert len(operations) >= 25
    assert operations[-1].label == SIGN_OUT
    failures: dict[str, str] = {}
    for operation in operations:
        try:
            fuzz_operation(operation, mode, auth_headers)
        except (AssertionError, FailureGroup) as error:  # failed checks: gather them all
            failures[operation.label] = str(error)[:1500]
    assert not failures, "\n\n".join(f"{label}: {text}" for label, text in failures.items())
