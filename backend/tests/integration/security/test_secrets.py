"""The platform runs with recognisable secrets (JWT key, OpenAI and Tavily keys, Flower's
password, the database password) and a provider that refuses the key and echoes it back,
as some gateways do. None of the secrets appears in any error body, anything a learner can
read, the broker's messages, Flower's view of the tasks, or any service's log."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from tests.fixtures.learners import Learner
from tests.fixtures.sim import Simulator
from tests.integration.security.conftest import SecuredPlatform
from tests.integration.security.readable import flower_tasks, learner_view, redis_contents

pytestmark = pytest.mark.timeout(300)

SERVICES = ("api", "celery_workflow", "celery_content", "celery_logs", "celery_beat", "flower")


@pytest.fixture
async def refused_task(learner: Learner, sim: Simulator) -> str:
    """A roadmap whose quiz of one concept the provider refuses: HTTP 401, bad API key."""
    sim.configure(fault_script=["401"], fault_roles=["quiz"])
    task_id = await learner.create(skip_review=True)
    done = await learner.wait(task_id, {"completed", "partial_failure", "failed"}, 240)
    assert done["status"] == "partial_failure", done  # the refusal happened and was recorded
    return task_id


async def provoked_errors(http: httpx.AsyncClient, learner: Learner) -> dict[str, httpx.Response]:
    unknown = uuid.uuid4()
    json_header = {"content-type": "application/json"}
    forged = {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."}
    return {
        "bad login": await http.post(
            "/api/v1/auth/login", json={"email": "a@example.com", "password": "nope-nope"}
        ),
        "bad token form": await http.post("/api/v1/auth/token", data={"username": "x", "password": "y"}),
        "422 register": await http.post("/api/v1/auth/register", json={"email": "bad", "password": "x"}),
        "422 task": await learner.call("POST", "/api/v1/tasks", json={"goal": ""}),
        "400 malformed": await learner.call("POST", "/api/v1/tasks", content=b"{", headers=json_header),
        "401 forged": await http.get("/api/v1/tasks", headers=forged),
        "404 task": await learner.call("GET", f"/api/v1/tasks/{unknown}"),
        "404 route": await http.get("/api/v1/nothing-here"),
        "405": await learner.call("PUT", "/api/v1/tasks"),
        "413": await http.post("/api/v1/auth/register", content=b"x" * (2 << 20), headers=json_header),
        "ready": await http.get("/health/ready"),
        "celery": await http.get("/health/celery"),
        "metrics": await http.get("/metrics"),
        "openapi": await http.get("/openapi.json"),
    }


async def test_secrets_leak_nowhere_after_a_run_with_a_refused_key(
    platform: SecuredPlatform, learner: Learner, http: httpx.AsyncClient, refused_task: str
) -> None:
    canaries = platform.canaries
    leaks: dict[str, list[str]] = {}

    def check(where: str, text: str | bytes) -> None:
        found = canaries.found_in(text.decode(errors="replace") if isinstance(text, bytes) else text)
        if found:
            leaks[where] = found

    for name, response in (await provoked_errors(http, learner)).items():
        assert response.status_code != 500, (name, response.text)
        check(f"error body: {name}", response.text)
        check(f"error headers: {name}", json.dumps(dict(response.headers)))

    seen = await learner_view(learner, refused_task)
    assert any("HTTP 401" in text for text in seen.values())  # the learner is told why the quiz failed
    for where, text in seen.items():
        check(f"learner view: {where}", text)

    tasks = flower_tasks(platform.flower_url, canaries.flower_auth)
    assert any(task.get("name") == "workflow.generate_roadmap" for task in tasks.values())
    check("Flower /api/tasks (args, kwargs, results)", json.dumps(tasks))
    for value in redis_contents(platform.stack.env["REDIS_URL"]):
        check("Redis (broker messages, streams)", value)

    for service in SERVICES:
        log = platform.stack.log(service)
        assert log.strip(), f"{service} wrote no log: the check would prove nothing"
        check(f"log of {service}", log)
    assert '"status": 401' in platform.stack.log("api") or "status=401" in platform.stack.log("api")
    assert "content.failed" in platform.stack.log("celery_content")  # the refusal was logged, redacted

    assert not leaks, "\n".join(f"{where}: {names}" for where, names in leaks.items())
