"""Every owner-scoped route, called by another user with real ids of the owner's objects,
answers 404 exactly like a missing id — the REST routes, the event stream and the WebSocket."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.fixtures.learners import ws_close_code
from tests.fixtures.platform import Platform
from tests.fixtures.sim import Simulator
from tests.integration.lifecycle.conftest import Learner

pytestmark = pytest.mark.timeout(240)

# A valid body for each route that takes one, so validation cannot answer before ownership.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/tasks/{task_id}/review"): {"decision": "approve"},
    ("post", "/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/regenerate"): {"content_types": ["quiz"]},
    ("post", "/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/quiz/attempts"): {"answers": {}},
    ("put", "/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/progress"): {"completed": True},
    ("post", "/api/v1/roadmaps/{roadmap_id}/notes"): {"body": "a note"},
    ("put", "/api/v1/roadmaps/{roadmap_id}/notes/{note_id}"): {"body": "a note"},
    ("put", "/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/mastery"): {"correction": "known"},
    ("post", "/api/v1/roadmaps/{roadmap_id}/concepts/{concept_id}/mentor"): {"question": "why?"},
}


async def test_another_users_ids_answer_404_on_every_route(
    platform: Platform, learner: Learner, other_learner: Learner, sim: Simulator, http: httpx.AsyncClient
) -> None:
    task_id = await learner.create(skip_review=True)
    done = await learner.wait(task_id, {"completed", "partial_failure", "failed"}, 180)
    roadmap_id = done["roadmap_id"]
    roadmap = (await learner.call("GET", f"/api/v1/roadmaps/{roadmap_id}")).json()
    ids = {
        "task_id": task_id,
        "roadmap_id": roadmap_id,
        "concept_id": roadmap["concepts"][0]["concept_id"],
        "content_type": "tutorial",
        "note_id": (
            await learner.call("POST", f"/api/v1/roadmaps/{roadmap_id}/notes", json={"body": "mine"})
        ).json()["id"],
        "session_id": uuid.uuid4(),  # the roadmap is checked first: any id answers the same
        "message_id": uuid.uuid4(),
    }

    schema = (await http.get("/openapi.json")).json()
    called = []
    for template, operations in schema["paths"].items():
        names = set(re.findall(r"{(\w+)}", template))
        if not names & {"task_id", "roadmap_id"}:
            continue
        for method in operations:
            path = template.format(**ids)
            response = await other_learner.call(method, path, json=BODIES.get((method, template)))
            assert response.status_code == 404, (method, template, response.status_code, response.text)
            assert response.json()["detail"] in {"Task not found", "Roadmap not found"}
            missing = await other_learner.call(
                method, template.format(**{**ids, "task_id": uuid.uuid4(), "roadmap_id": uuid.uuid4()}),
                json=BODIES.get((method, template)),
            )  # fmt: skip
            assert (missing.status_code, missing.json()) == (404, response.json())  # indistinguishable
            called.append((method, template))
    assert len(called) >= 15  # every task and roadmap route, events included

    token = other_learner.headers["Authorization"].removeprefix("Bearer ")
    stream = await http.get(f"/api/v1/tasks/{task_id}/events", params={"access_token": token})
    assert stream.status_code == 404
    assert await ws_close_code(platform, task_id, token) == 4404
    assert await ws_close_code(platform, task_id, "not-a-token") == 4401

    # nothing the stranger did touched the owner's objects
    assert (await learner.task(task_id))["status"] == "completed"
    after = (await learner.call("GET", f"/api/v1/roadmaps/{roadmap_id}")).json()
    assert after["framework"] == roadmap["framework"] and after["progress"]["completed"] == 0
    owner_token = learner.headers["Authorization"].removeprefix("Bearer ")
    url = platform.api_url.replace("http://", "ws://") + f"/api/v1/tasks/{task_id}/ws?token={owner_token}"
    async with connect(url) as socket:  # the owner replays the finished task's events
        types = [json.loads(message)["type"] async for message in socket]
    assert types[-1] == "completed" and "concept" in types
