"""The event streams through an outage: while Redis is down, or the database pool has no free
connection, an open stream ends cleanly (SSE: its last chunk, then a comment saying why; the
WebSocket: close code 1013, "try again later") and a new one is refused with 503 and
Retry-After (the WebSocket: 1013) — never a 500, never a torn connection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import psycopg
import pytest
from websockets.asyncio.client import connect

from tests.conftest import GENEROUS_AUTH_LIMIT, overridden, register_and_login
from tests.fixtures.api import running_api
from tests.fixtures.streams import sse, until_heartbeat, until_ws_heartbeat, ws_close_code_after_messages
from tests.fixtures.waiting import eventually
from waymark.local import EmbeddedRedis
from waymark.settings import Settings, load_settings

pytestmark = pytest.mark.timeout(180)

QUICK_HEARTBEATS = {"sse_heartbeat_s": 0.3, **GENEROUS_AUTH_LIMIT}
UNAVAILABLE = "unavailable: a service Waymark depends on is down; reconnect shortly"
TRY_AGAIN_LATER = 1013


class Learner:
    """A registered user with one task that stays queued (no worker here): a live stream."""

    def __init__(self, api: str, http: httpx.AsyncClient, headers: dict[str, str], task_id: str) -> None:
        self.http, self.headers = http, headers
        self.path = f"/api/v1/tasks/{task_id}/events"
        token = headers["Authorization"].removeprefix("Bearer ")
        self.ws_url = api.replace("http://", "ws://") + f"/api/v1/tasks/{task_id}/ws?token={token}"


@asynccontextmanager
async def learner_on(api: str) -> AsyncIterator[Learner]:
    async with httpx.AsyncClient(base_url=api, timeout=30) as http:
        headers = await register_and_login(http)
        created = await http.post("/api/v1/tasks", json={"goal": "Learn SQL"}, headers=headers)
        assert created.status_code == 202, created.text
        yield Learner(api, http, headers, created.json()["task_id"])


async def assert_refused_for_now(learner: Learner) -> None:
    refused = await learner.http.get(learner.path, headers=learner.headers)
    assert refused.status_code == 503, refused.text
    assert int(refused.headers["Retry-After"]) >= 1
    assert "unavailable" in refused.json()["detail"]
    async with connect(learner.ws_url) as socket:
        assert await ws_close_code_after_messages(socket) == TRY_AGAIN_LATER


async def test_streams_end_cleanly_and_answer_503_while_redis_is_down(
    tmp_path: Path, database_url: str
) -> None:
    redis_server = EmbeddedRedis(tmp_path)  # this test's own Redis, to stop
    settings = load_settings(
        env="test", db={"url": database_url}, redis={"url": redis_server.start()}, api=QUICK_HEARTBEATS
    )
    try:
        with running_api(settings) as api:
            async with learner_on(api) as learner:
                async with (
                    learner.http.stream("GET", learner.path, headers=learner.headers) as live,
                    connect(learner.ws_url) as socket,
                ):
                    assert live.status_code == 200
                    frames = sse(live)
                    await until_heartbeat(frames)
                    await until_ws_heartbeat(socket)
                    await asyncio.to_thread(redis_server.stop)
                    # the body ends with its last chunk (httpx raises on a torn one), saying why
                    rest = [frame async for frame in frames]
                    assert rest[-1] == {"comment": UNAVAILABLE}
                    assert await ws_close_code_after_messages(socket) == TRY_AGAIN_LATER
                await assert_refused_for_now(learner)
    finally:
        redis_server.stop()


async def waiting_on_a_lock(database_url: str) -> bool:
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
        cursor = await conn.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        row = await cursor.fetchone()
    return row is not None and row[0] > 0


async def test_streams_end_cleanly_and_answer_503_while_the_database_pool_is_exhausted(
    settings: Settings, database_url: str
) -> None:
    tiny = overridden(settings, "db", pool_size=1, max_overflow=0, pool_timeout_s=0.5)
    with running_api(overridden(tiny, "api", **QUICK_HEARTBEATS)) as api:
        async with learner_on(api) as learner:
            async with (
                learner.http.stream("GET", learner.path, headers=learner.headers) as live,
                connect(learner.ws_url) as socket,
                await psycopg.AsyncConnection.connect(database_url) as locker,
            ):
                assert live.status_code == 200
                frames = sse(live)
                await until_heartbeat(frames)
                await until_ws_heartbeat(socket)
                # a request takes the pool's only connection and keeps it, waiting for a lock
                await locker.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
                holder = asyncio.create_task(learner.http.get("/api/v1/auth/me", headers=learner.headers))
                await eventually(lambda: waiting_on_a_lock(database_url), 30, "a request to wait on the lock")
                # each stream asks the database for the task's status at every heartbeat
                rest = [frame async for frame in frames]
                assert rest[-1] == {"comment": UNAVAILABLE}
                assert await ws_close_code_after_messages(socket) == TRY_AGAIN_LATER
                await assert_refused_for_now(learner)
                await locker.rollback()
                assert (await holder).status_code == 200
            async with learner.http.stream("GET", learner.path, headers=learner.headers) as again:
                assert again.status_code == 200  # the pool is free again: streams open again
