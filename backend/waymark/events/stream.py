"""Task events on a Redis stream per task: the live path, bounded, replayable by id."""

from __future__ import annotations

import json
from typing import Any

import redis.asyncio as aioredis

from waymark.events.publisher import EventPublisher
from waymark.events.schema import TaskEvent

STREAM_MAXLEN = 5000
STREAM_TTL_S = 7 * 24 * 3600


def stream_key(task_id: str) -> str:
    return f"waymark:events:{task_id}"


def _decode(entry_id: Any, fields: Any) -> TaskEvent:
    raw = fields.get(b"event") or fields.get("event") or b"{}"
    payload = json.loads(raw)
    payload["id"] = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
    return TaskEvent.model_validate(payload)


class RedisStreamPublisher(EventPublisher):
    """XADD every event to the task's stream (bounded length, expiring with the task)."""

    def __init__(self, client: aioredis.Redis) -> None:
        self.client = client

    async def emit(self, event: TaskEvent) -> TaskEvent:
        key = stream_key(event.task_id)
        body = event.model_dump_json(exclude={"id"})
        async with self.client.pipeline(transaction=False) as pipe:
            pipe.xadd(key, {"event": body}, maxlen=STREAM_MAXLEN, approximate=True)
            pipe.expire(key, STREAM_TTL_S)
            entry_id, _ = await pipe.execute()
        event.id = entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)
        return event


async def read_events(
    client: aioredis.Redis,
    task_id: str,
    *,
    after: str | None = None,
    start: str | None = None,
    count: int = 500,
) -> list[TaskEvent]:
    """Events strictly after ``after`` (or from ``start`` inclusive), oldest first."""
    start = f"({after}" if after else start or "-"
    entries: Any = await client.xrange(stream_key(task_id), min=start, max="+", count=count)
    return [_decode(entry_id, fields) for entry_id, fields in entries]


async def wait_for_events(
    client: aioredis.Redis, task_id: str, *, after: str, block_ms: int
) -> list[TaskEvent]:
    """Block up to ``block_ms`` for events after ``after`` ("$" = only new ones)."""
    reply: Any = await client.xread({stream_key(task_id): after}, block=block_ms, count=500) or []
    return [_decode(entry_id, fields) for _, entries in reply for entry_id, fields in entries]
