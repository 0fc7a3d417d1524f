"""The workers' publisher: live events on the Redis stream, persisted in batches
to ``execution_logs`` through the logs queue."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis

from waymark.events.schema import TERMINAL_EVENTS, EventType, TaskEvent
from waymark.events.stream import RedisStreamPublisher
from waymark.worker.enqueue import send

BATCH_SIZE = 50


class PersistingPublisher:
    def __init__(self, client: aioredis.Redis) -> None:
        self.stream = RedisStreamPublisher(client)
        self.pending: dict[str, list[dict[str, Any]]] = {}

    async def publish(
        self,
        task_id: str,
        event_type: EventType,
        *,
        step: str | None = None,
        message: str = "",
        level: str = "info",
        data: dict[str, Any] | None = None,
    ) -> TaskEvent:
        event = await self.stream.publish(
            task_id, event_type, step=step, message=message, level=level, data=data
        )
        batch = self.pending.setdefault(task_id, [])
        batch.append(event.model_dump(mode="json"))
        if len(batch) >= BATCH_SIZE or event_type in TERMINAL_EVENTS:
            self.flush(task_id)
        return event

    def flush(self, task_id: str | None = None) -> None:
        for key in [task_id] if task_id else list(self.pending):
            batch = self.pending.pop(key, [])
            if batch:
                send("logs.write_execution_logs", key, batch)
