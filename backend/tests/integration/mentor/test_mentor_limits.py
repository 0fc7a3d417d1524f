"""Stopping, leaving and limits, over real HTTP: a stop or a vanished client leaves a
consistent transcript marked ``stopped`` (exactly the text that was sent); answers streaming
at once and mentor calls per minute are capped per user; another learner's roadmap, session
and message answer 404."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import GENEROUS_AUTH_LIMIT, register_and_login
from tests.fixtures.api import running_api
from tests.fixtures.sim import Simulator
from tests.integration.mentor.conftest import Owner
from tests.integration.mentor.material import ask, parse, stored_concept
from waymark.settings import Settings

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
async def roadmap(owner: Owner, sessionmaker: async_sessionmaker[AsyncSession]) -> str:
    return await stored_concept(sessionmaker, owner.id)


async def transcript_when(owner: Owner, roadmap: str, session_id: str, status: str) -> dict[str, Any]:
    base = f"/api/v1/roadmaps/{roadmap}/concepts/ownership/mentor/sessions/{session_id}"
    deadline = time.monotonic() + 15
    while True:
        body: dict[str, Any] = (await owner.call("GET", base)).json()
        if body["messages"][-1]["status"] == status:
            return body
        assert time.monotonic() < deadline, body["messages"][-1]["status"]
        await asyncio.sleep(0.05)


async def test_a_stopped_answer_keeps_exactly_what_was_sent(
    owner: Owner, roadmap: str, sim: Simulator
) -> None:
    sim.configure(stream_chunk_chars=4, stream_chunk_delay_ms=40)
    path = f"/api/v1/roadmaps/{roadmap}/concepts/ownership/mentor"
    raw = ""
    async with owner.http.stream(
        "POST", path, json={"question": "Explain"}, headers=owner.headers
    ) as response:
        async for chunk in response.aiter_text():
            raw += chunk
            events = parse(raw)
            if len([e for e, _ in events if e == "token"]) == 3 and "stop" not in raw:
                start = events[0][1]
                stop = f"{path}/messages/{start['message_id']}/stop"
                stopped = await owner.call("POST", stop)
                assert stopped.status_code == 202 and stopped.json()["status"] == "streaming"
                raw += "\n\n: stop\n\n"
    events = parse(raw)
    done = events[-1][1]
    sent = "".join(data["text"] for event, data in events if event == "token")
    assert events[-1][0] == "done" and done["status"] == "stopped" and done["content"] == sent
    assert done["checks"]["actions"] == []  # a cut answer proposes nothing
    assert 0 < len(sent) < 300  # cut well before the simulator's answer ended
    stored = await transcript_when(owner, roadmap, done["session_id"], "stopped")
    assert stored["messages"][-1]["content"] == sent


async def test_a_client_that_leaves_mid_answer_leaves_a_stopped_transcript(
    owner: Owner, roadmap: str, sim: Simulator
) -> None:
    sim.configure(stream_chunk_chars=4, stream_chunk_delay_ms=40)
    path = f"/api/v1/roadmaps/{roadmap}/concepts/ownership/mentor"
    received = ""
    async with httpx.AsyncClient(base_url=str(owner.http.base_url), timeout=30) as http:
        async with http.stream("POST", path, json={"question": "Explain"}, headers=owner.headers) as response:
            async for chunk in response.aiter_text():
                received += chunk
                if len([e for e, _ in parse(received) if e == "token"]) >= 3:
                    break  # the tab is closed
    session_id = parse(received)[0][1]["session_id"]
    stored = await transcript_when(owner, roadmap, session_id, "stopped")
    seen = "".join(d["text"] for e, d in parse(received) if e == "token")
    content = stored["messages"][-1]["content"]
    assert content.startswith(seen) and len(content) < 300  # what was sent, no more than that
    # the slot came back: the learner can ask again at once (2 streams at most, this one ended)
    sim.configure(stream_chunk_delay_ms=0)
    assert (await ask(owner.http, owner.headers, roadmap, question="Again")).done["status"] == "complete"


@pytest.fixture
def strict_api(sim_settings: Settings) -> Iterator[str]:
    """An API with one answer streaming per user and three mentor calls a minute."""
    settings = sim_settings.model_copy(
        update={
            "api": sim_settings.api.model_copy(update=GENEROUS_AUTH_LIMIT),
            "mentor": sim_settings.mentor.model_copy(
                update={"calls_per_minute": 3, "max_streams_per_user": 1}
            ),
        }
    )
    with running_api(settings) as url:
        yield url


async def test_streams_and_calls_are_capped_per_user(
    strict_api: str, sessionmaker: async_sessionmaker[AsyncSession], sim: Simulator
) -> None:
    async with httpx.AsyncClient(base_url=strict_api, timeout=30) as http:
        headers = await register_and_login(http)
        me = (await http.get("/api/v1/auth/me", headers=headers)).json()
        roadmap = await stored_concept(sessionmaker, uuid.UUID(me["id"]))
        sim.configure(stream_chunk_chars=4, stream_chunk_delay_ms=30)
        path = f"/api/v1/roadmaps/{roadmap}/concepts/ownership/mentor"
        async with http.stream("POST", path, json={"question": "one"}, headers=headers) as first:
            assert first.status_code == 200
            body = first.aiter_text()  # kept open: the first answer is still streaming
            assert "event: start" in await anext(body)
            second = await ask(http, headers, roadmap, question="two")
            assert second.status_code == 429 and "open mentor answers" in second.raw
            assert "event: done" in "".join([chunk async for chunk in body])
        sim.configure(stream_chunk_delay_ms=0)
        third = await ask(http, headers, roadmap, question="three")
        assert third.status_code == 200  # the first one's slot came back when it closed
        over = await ask(http, headers, roadmap, question="four")
        assert over.status_code == 429 and "per minute for mentor" in over.raw


async def test_another_learners_roadmap_session_and_message_answer_404(owner: Owner, roadmap: str) -> None:
    answer = await ask(owner.http, owner.headers, roadmap, question="Explain")
    base = f"/api/v1/roadmaps/{roadmap}/concepts/ownership/mentor"
    stranger = await register_and_login(owner.http)
    calls = [
        ("POST", base, {"question": "mine now"}),
        ("GET", f"{base}/sessions", None),
        ("GET", f"{base}/sessions/{answer.done['session_id']}", None),
        ("POST", f"{base}/messages/{answer.done['id']}/stop", None),
    ]
    for method, path, body in calls:
        response = await owner.http.request(method, path, json=body, headers=stranger)
        assert response.status_code == 404, (method, path, response.text)
    # and continuing someone else's session from one's own roadmap is a 404 too
    other = await ask(owner.http, stranger, roadmap, question="x", session_id=answer.done["session_id"])
    assert other.status_code == 404
