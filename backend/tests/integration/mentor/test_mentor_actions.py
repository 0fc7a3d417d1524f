"""Actions only with the learner's consent, on the whole platform (real content workers): an
answer proposes typed actions and nothing happens until the learner calls the routes they
name; carrying out "regenerate" keeps the learner's progress and the earlier version."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import register_and_login
from tests.fixtures.platform import Platform, running_platform
from tests.integration.mentor.material import ask, stored_concept
from waymark.db.engine import create_engine, create_sessionmaker
from waymark.llm.simulator.run import SimulatorURLs

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory, postgres_admin_url: str, simulator_urls: SimulatorURLs
) -> Iterator[Platform]:
    with running_platform(
        tmp_path_factory.mktemp("mentor-platform"), postgres_admin_url, simulator_urls,
        services=("celery_content",),
    ) as running:  # fmt: skip
        yield running


@pytest.fixture
async def http(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=platform.api_url, timeout=30) as client:
        yield client


async def tutorial_versions(
    http: httpx.AsyncClient, headers: dict[str, str], roadmap: str
) -> list[dict[str, Any]]:
    path = f"/api/v1/roadmaps/{roadmap}/concepts/ownership/versions/tutorial"
    items: list[dict[str, Any]] = (await http.get(path, headers=headers)).json()["items"]
    return items


async def test_actions_are_proposed_and_happen_only_when_the_learner_calls_them(
    platform: Platform, http: httpx.AsyncClient
) -> None:
    headers = await register_and_login(http)
    user_id = uuid.UUID((await http.get("/api/v1/auth/me", headers=headers)).json()["id"])
    engine = create_engine(platform.settings)
    try:
        roadmap = await stored_concept(create_sessionmaker(engine), user_id)
    finally:
        await engine.dispose()

    answer = await ask(http, headers, roadmap, question="Can you explain it more simply? I think I'm done.")
    actions = {a["type"]: a for a in answer.done["checks"]["actions"]}
    assert set(actions) == {"save_note", "regenerate_tutorial", "mark_complete"}
    assert "action:" not in answer.raw and "I have" not in answer.text
    # proposed, not done: no progress, no new version, no note
    concept = (await http.get(f"/api/v1/roadmaps/{roadmap}", headers=headers)).json()
    assert concept["progress"]["completed"] == 0
    assert len(await tutorial_versions(http, headers, roadmap)) == 1
    assert (await http.get(f"/api/v1/roadmaps/{roadmap}/notes", headers=headers)).json()["items"] == []

    # the learner clicks: each action is exactly a call of an existing route
    for kind in ("mark_complete", "save_note"):
        action = actions[kind]
        response = await http.request(action["method"], action["path"], json=action["body"], headers=headers)
        assert response.status_code in (200, 201), (kind, response.text)
    regenerate = actions["regenerate_tutorial"]
    assert regenerate["body"]["content_types"] == ["tutorial"] and regenerate["body"]["instructions"]
    started = await http.request(
        regenerate["method"], regenerate["path"], json=regenerate["body"], headers=headers
    )
    assert started.status_code == 202, started.text

    deadline = time.monotonic() + 120
    while (versions := await tutorial_versions(http, headers, roadmap))[0]["status"] != "completed":
        assert time.monotonic() < deadline, versions[0]
        await asyncio.sleep(0.3)
    assert [v["version"] for v in versions] == [2, 1]  # the earlier version is kept
    assert versions[0]["instructions"] == regenerate["body"]["instructions"]
    assert "Every value has one owner." in versions[1]["body"]["body_markdown"]
    concept = (await http.get(f"/api/v1/roadmaps/{roadmap}", headers=headers)).json()
    assert concept["progress"]["completed"] == 1  # progress kept through the regeneration
    notes = (await http.get(f"/api/v1/roadmaps/{roadmap}/notes", headers=headers)).json()["items"]
    assert [n["source_message_id"] for n in notes] == [answer.done["id"]]
    # a note can name only a mentor answer of one's own
    stranger = {"body": "x", "source_message_id": str(uuid.uuid4())}
    assert (
        await http.post(f"/api/v1/roadmaps/{roadmap}/notes", json=stranger, headers=headers)
    ).status_code == 404
