"""Malformed, hostile and absurd input, sent to the API process as deployed: every answer
is a 4xx that says what was wrong (``detail``), never a 500, and the API keeps answering.
Oversized bodies (over 1 MiB) are in tests/integration/api/test_limits.py."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from tests.fixtures.learners import Learner
from tests.integration.security.conftest import SecuredPlatform

pytestmark = pytest.mark.timeout(240)

JSON = {"content-type": "application/json"}
HUGE = "x" * 900_000  # under the 1 MiB body limit: the schema must refuse it, not the size check
TASK = "/api/v1/tasks/{id}"
CONCEPT = "/api/v1/roadmaps/{id}/concepts/c01-ownership"
JSON_ROUTES = [
    ("POST", "/api/v1/auth/register"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/tasks"),
    ("POST", f"{TASK}/review"),
    ("POST", f"{CONCEPT}/regenerate"),
    ("POST", f"{CONCEPT}/quiz/attempts"),
    ("PUT", f"{CONCEPT}/progress"),
]
MALFORMED_BODIES = {
    "truncated": b'{"goal": "Learn Rust"',
    "trailing comma": b'{"goal": "Learn Rust",}',
    "empty": b"",
    "not an object": b'"Learn Rust"',
    "a list": b"[]",
    "null": b"null",
    "nested 100 000 deep": b"[" * 100_000 + b"]" * 100_000,
    "nested objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "not UTF-8": b'{"goal": "Learn \xff\xfe Rust"}',
    "NaN": b'{"goal": "Learn Rust", "preferences": {"weekly_hours": NaN}}',
    "huge exponent": b'{"goal": "Learn Rust", "preferences": {"weekly_hours": 1e999}}',
    "5000-digit integer": b'{"goal": "Learn Rust", "preferences": {"weekly_hours": 1' + b"0" * 5000 + b"}}",
    "NUL escape": b'{"goal": "Learn\\u0000Rust"}',
    "lone surrogate": b'{"goal": "Learn \\ud800 Rust"}',
}
WRONG_CONTENT_TYPES = {
    "text/plain": {"content-type": "text/plain"},
    "form": {"content-type": "application/x-www-form-urlencoded"},
    "multipart": {"content-type": "multipart/form-data; boundary=x"},
    "none": {},
    "xml": {"content-type": "application/xml"},
}
# (route, body, the field the 422 must name)
BOUNDED_FIELDS: list[tuple[tuple[str, str], dict[str, Any], str]] = [
    (("POST", "/api/v1/auth/register"), {"email": f"{HUGE}@example.com", "password": "long enough"}, "email"),
    (("POST", "/api/v1/auth/register"), {"email": "a@example.com", "password": HUGE}, "password"),
    (("POST", "/api/v1/auth/login"), {"email": "a@example.com", "password": HUGE}, "password"),
    (("POST", "/api/v1/tasks"), {"goal": HUGE}, "goal"),
    (("POST", "/api/v1/tasks"), {"goal": "Learn Rust", "preferences": {"background": HUGE}}, "background"),
    (("POST", "/api/v1/tasks"), {"goal": "Learn Rust", "preferences": {"focus": HUGE}}, "focus"),
    (("POST", "/api/v1/tasks"), {"goal": "Learn Rust", "preferences": {"language": HUGE}}, "language"),
    (
        ("POST", "/api/v1/tasks"),
        {"goal": "Learn Rust", "preferences": {"weekly_hours": 10**400}},
        "weekly_hours",
    ),
    (("POST", "/api/v1/tasks"), {"goal": "Learn\x00Rust"}, "goal"),
    (("POST", "/api/v1/tasks"), {"goal": "Learn \ud800 Rust"}, "goal"),
    (
        ("POST", "/api/v1/auth/register"),
        {"email": "a@example.com", "password": "long \udfff enough"},
        "password",
    ),
    (
        ("POST", "/api/v1/auth/login"),
        {"email": "a@example.com", "password": "long \udfff enough"},
        "password",
    ),
    (("POST", "/api/v1/tasks"), {"goal": "Learn Rust", "preferences": {"focus": "a\x00b"}}, "focus"),
    (("POST", f"{TASK}/review"), {"decision": "reject", "feedback": HUGE}, "feedback"),
    (
        ("POST", f"{TASK}/review"),
        {"decision": "edit", "framework": {"stages": [[[[]]]] * 10_000}},
        "framework",
    ),
    (("POST", f"{CONCEPT}/regenerate"), {"content_types": ["quiz"], "instructions": HUGE}, "instructions"),
    (("POST", f"{CONCEPT}/quiz/attempts"), {"answers": {HUGE: [0]}}, "answers"),
    (("POST", f"{CONCEPT}/quiz/attempts"), {"answers": {"q1": [10**400]}}, "answers"),
    (("PUT", f"{CONCEPT}/progress"), {"completed": HUGE}, "completed"),
]


async def still_answers(http: httpx.AsyncClient) -> None:
    health = await http.get("/health")
    assert health.status_code == 200  # the process survived


def assert_refused_with_a_reason(response: httpx.Response, case: str) -> None:
    assert 400 <= response.status_code < 500, (case, response.status_code, response.text[:300])
    assert response.json()["detail"], case  # says what was wrong
    assert "Traceback" not in response.text, case


async def send(learner: Learner, route: tuple[str, str], **kwargs: Any) -> httpx.Response:
    method, template = route
    return await learner.call(method, template.format(id=uuid.uuid4()), **kwargs)


@pytest.mark.parametrize("route", JSON_ROUTES, ids=[f"{m} {p}" for m, p in JSON_ROUTES])
async def test_malformed_json_is_a_400_or_422_everywhere(
    learner: Learner, http: httpx.AsyncClient, route: tuple[str, str]
) -> None:
    for case, body in MALFORMED_BODIES.items():
        response = await send(learner, route, content=body, headers=JSON)
        assert_refused_with_a_reason(response, case)
        await still_answers(http)


@pytest.mark.parametrize("route", JSON_ROUTES, ids=[f"{m} {p}" for m, p in JSON_ROUTES])
async def test_wrong_content_types_are_refused(
    learner: Learner, http: httpx.AsyncClient, route: tuple[str, str]
) -> None:
    for case, headers in WRONG_CONTENT_TYPES.items():
        response = await send(learner, route, content=b"goal=Learn+Rust", headers=headers)
        assert_refused_with_a_reason(response, case)
    await still_answers(http)


@pytest.mark.parametrize(("route", "body", "field"), BOUNDED_FIELDS, ids=[f[2] for f in BOUNDED_FIELDS])
async def test_every_bounded_field_refuses_huge_and_nul_values_naming_it(
    learner: Learner, http: httpx.AsyncClient, route: tuple[str, str], body: dict[str, Any], field: str
) -> None:
    response = await send(learner, route, content=json.dumps(body), headers=JSON)  # \ud800 escaped as is
    assert response.status_code == 422, (field, response.status_code, response.text[:300])
    assert any(field in map(str, error["loc"]) for error in response.json()["detail"]), response.text[:500]
    assert len(response.content) < 20_000  # the error does not echo the huge value back
    await still_answers(http)


async def test_absurd_parameters_and_headers_are_4xx(learner: Learner, http: httpx.AsyncClient) -> None:
    cases = {
        "limit beyond int64": ("GET", "/api/v1/tasks", {"params": {"limit": "9" * 5000}}),
        "offset negative": ("GET", "/api/v1/tasks", {"params": {"offset": "-1"}}),
        "NUL in the status filter": ("GET", "/api/v1/tasks", {"params": {"status": "running\x00"}}),
        "task id not a UUID": ("GET", "/api/v1/tasks/not-a-uuid", {}),
        "task id with NUL": ("GET", "/api/v1/tasks/%00", {}),
        "huge Idempotency-Key": (
            "POST",
            "/api/v1/tasks",
            {"json": {}, "headers": {"Idempotency-Key": "k" * 8000}},
        ),
        "bad Last-Event-ID": (
            "GET",
            f"/api/v1/tasks/{uuid.uuid4()}/events",
            {"headers": {"Last-Event-ID": "x"}},
        ),
        "export format": ("GET", f"/api/v1/roadmaps/{uuid.uuid4()}/export", {"params": {"format": "html"}}),
    }
    for case, (method, path, kwargs) in cases.items():
        assert_refused_with_a_reason(await learner.call(method, path, **kwargs), case)
    await still_answers(http)


async def test_nothing_above_made_the_api_fail(platform: SecuredPlatform, learner: Learner) -> None:
    """Run last in this file: the API process logged no unhandled error and still serves."""
    assert (await learner.call("GET", "/api/v1/tasks")).status_code == 200
    assert "api.unhandled_error" not in platform.stack.log("api")
    assert platform.stack.processes["api"].poll() is None
