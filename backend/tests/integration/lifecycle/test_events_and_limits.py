"""The event stream over SSE (reconnect with Last-Event-ID: every event once, in order),
heartbeats, rate limits with Retry-After, the active-task cap, and the ops endpoints."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.conftest import register_and_login
from tests.fixtures.api import running_api
from tests.fixtures.platform import Platform, platform_settings
from tests.fixtures.sim import Simulator
from tests.fixtures.streams import sse
from tests.fixtures.waiting import eventually
from tests.integration.lifecycle.conftest import Learner
from waymark.events.stream import read_events

pytestmark = pytest.mark.timeout(240)


async def read_stream(
    learner: Learner, task_id: str, *, last_event_id: str | None, stop_after: int | None
) -> list[str]:
    headers = {"Last-Event-ID": last_event_id} if last_event_id else {}
    ids = []
    async with learner.http.stream(
        "GET", f"/api/v1/tasks/{task_id}/events", headers={**learner.headers, **headers}, timeout=60
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        # proxies (the web UI's included) must pass each event on as it comes: no gzip, no buffering
        assert response.headers["cache-control"] == "no-cache, no-transform"
        async for frame in sse(response):
            if "id" in frame:
                ids.append(frame["id"])
                if stop_after and len(ids) >= stop_after:
                    break  # the client drops the connection mid-run
    return ids


async def test_reconnect_with_last_event_id_delivers_every_event_once_in_order(
    learner: Learner, sim: Simulator, platform: Platform
) -> None:
    sim.configure(latency_ms=60)
    task_id = await learner.create(skip_review=True)
    first = await read_stream(learner, task_id, last_event_id=None, stop_after=8)
    client = aioredis.Redis.from_url(platform.settings.redis.required_url)

    async def events_came_while_away() -> bool:
        return len(await read_events(client, task_id, after=first[-1], count=5)) >= 5

    await eventually(events_came_while_away, 60, "events to be published while the client is away")
    rest = await read_stream(learner, task_id, last_event_id=first[-1], stop_after=None)
    stored = [event.id for event in await read_events(client, task_id, count=10_000)]
    await client.aclose()
    assert first + rest == stored  # nothing lost, nothing twice, in stream order
    assert (await learner.task(task_id))["status"] == "completed"
    bad = await learner.call("GET", f"/api/v1/tasks/{task_id}/events", headers={"Last-Event-ID": "nope"})
    assert bad.status_code == 422


@pytest.fixture
def strict_api(platform: Platform, sim: Simulator) -> Iterator[str]:
    """A second API process on the same platform, with tight limits and quick heartbeats."""
    limits = {
        "rate_limit_per_minute": 8,
        "task_create_per_minute": 5,
        "auth_per_minute": 4,
        "sse_heartbeat_s": 0.3,
    }
    settings = platform_settings(platform.stack, sim.urls, api=limits)
    with running_api(settings) as url:
        yield url


async def test_rate_limits_answer_429_with_retry_after(strict_api: str, platform: Platform) -> None:
    # other tests' API calls from 127.0.0.1 share the per-address counter: start it afresh
    client = aioredis.Redis.from_url(platform.settings.redis.required_url)
    await client.delete("waymark:ratelimit:auth:127.0.0.1")
    await client.aclose()
    async with httpx.AsyncClient(base_url=strict_api, timeout=30) as http:
        headers = await register_and_login(http)  # two of the four auth calls this minute
        statuses = [(await http.get("/api/v1/tasks", headers=headers)) for _ in range(9)]
        assert [r.status_code for r in statuses[:8]] == [200] * 8
        limited = statuses[8]
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["Retry-After"]) <= 60
        assert "Rate limit" in limited.json()["detail"]
        logins = [
            await http.post("/api/v1/auth/login", json={"email": "x@example.com", "password": "y"})
            for _ in range(3)
        ]
        assert [r.status_code for r in logins] == [401, 401, 429]


async def test_heartbeats_while_waiting_and_the_active_task_cap(
    strict_api: str, sim: Simulator, learner: Learner
) -> None:
    sim.configure(latency_ms=400)
    async with httpx.AsyncClient(base_url=strict_api, timeout=30) as http:
        created = [
            await http.post("/api/v1/tasks", json={"goal": f"Learn topic {i}"}, headers=learner.headers)
            for i in range(4)
        ]
        assert [r.status_code for r in created] == [202, 202, 202, 409]
        assert "active tasks" in created[3].json()["detail"]
        task_id = created[0].json()["task_id"]
        comments = 0
        async with http.stream("GET", f"/api/v1/tasks/{task_id}/events", headers=learner.headers) as response:
            async for frame in sse(response):
                comments += frame.get("comment") == "ping"
                if comments >= 2:
                    break
        for response in created[:3]:
            await http.post(f"/api/v1/tasks/{response.json()['task_id']}/cancel", headers=learner.headers)
    assert comments >= 2


async def test_health_celery_and_metrics(
    platform: Platform, http: httpx.AsyncClient, learner: Learner
) -> None:
    health = await http.get("/health/celery")
    assert health.status_code == 200, health.text
    queues: dict[str, Any] = health.json()["queues"]
    assert {name: q["consumers"] >= 1 for name, q in queues.items()} == {
        "roadmap_workflow": True, "content_generation": True, "logs": True,
    }  # fmt: skip
    await learner.call("GET", "/api/v1/tasks")
    metrics = (await http.get("/metrics")).text
    assert (
        'waymark_http_request_duration_seconds_bucket{le="0.025",method="GET",route="/api/v1/tasks"'
        in metrics
    )
    assert 'waymark_queue_depth{queue="content_generation"}' in metrics
    assert "waymark_tasks{" in metrics and "waymark_llm_calls{" in metrics


RELEASED_WITHIN_S = 10


@pytest.fixture
def stream_capped_api(platform: Platform, sim: Simulator) -> Iterator[str]:
    # a slot nobody gives back ages out after three heartbeats + 5 s: 20 s here, so a slot
    # free within RELEASED_WITHIN_S was released, not aged out
    limits = {"max_streams_per_user": 2, "sse_heartbeat_s": 5.0}
    settings = platform_settings(platform.stack, sim.urls, api=limits)
    with running_api(settings) as url:
        yield url


async def test_open_streams_are_capped_per_user(
    stream_capped_api: str, learner: Learner, other_learner: Learner
) -> None:
    """Each stream holds a Redis connection: one user cannot open them without bound."""
    task_id = await learner.create()
    await learner.wait(task_id, {"awaiting_review"})  # a stream that stays open, on heartbeats
    path = f"/api/v1/tasks/{task_id}/events"
    async with httpx.AsyncClient(base_url=stream_capped_api, timeout=30) as http, AsyncExitStack() as streams:
        for _ in range(2):
            response = await streams.enter_async_context(http.stream("GET", path, headers=learner.headers))
            assert response.status_code == 200
        third = await http.get(path, headers=learner.headers)
        assert third.status_code == 429
        assert int(third.headers["Retry-After"]) >= 1 and "open event streams" in third.json()["detail"]
        ws_url = stream_capped_api.replace("http://", "ws://") + f"/api/v1/tasks/{task_id}/ws"
        token = learner.headers["Authorization"].removeprefix("Bearer ")
        async with connect(f"{ws_url}?token={token}") as socket:
            with pytest.raises(ConnectionClosed) as closed:
                await socket.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4429
        other = await other_learner.create()  # another learner is not affected
        other_path = f"/api/v1/tasks/{other}/events"
        async with http.stream("GET", other_path, headers=other_learner.headers) as response:
            assert response.status_code == 200
    async with httpx.AsyncClient(base_url=stream_capped_api, timeout=30) as http:

        async def a_stream_opens() -> bool:
            async with http.stream("GET", path, headers=learner.headers) as response:
                return response.status_code == 200

        # closed streams free their slots as soon as the server sees them go
        await eventually(a_stream_opens, RELEASED_WITHIN_S, "a closed stream's slot to be free again")
    await learner.call("POST", f"/api/v1/tasks/{task_id}/cancel")
    await other_learner.call("POST", f"/api/v1/tasks/{other}/cancel")
