"""The workers' publisher: live events on the Redis stream, persisted in batches
to ``execution_logs`` through the logs queue."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis

from waymark.events.schema import TERMINAL_EVENTS, TaskEvent
from waymark.events.stream import RedisStreamPublisher
from waymark.worker.enqueue import send

BATCH_SIZE = 50


class PersistingPublisher(RedisStreamPublisher):
    def __init__(self, client: aioredis.Redis) -> None:
        super().__init__(client)
        self.pending: dict[str, list[dict[str, Any]]] = {}

    async def emit(self, event: TaskEvent) -> TaskEvent:
        event = await super().emit(event)
        batch = self.pending.setdefault(event.task_id, [])
        batch.append(event.model_dump(mode="json"))
        if len(batch) >= BATCH_SIZE or event.type in TERMINAL_EVENTS:
            self.flush(event.task_id)
        return event

    def flush(self, task_id: str | None = None) -> None:
        for key in [task_id] if task_id else list(self.pending):
            batch = self.pending.pop(key, [])
            if batch:
                send("logs.write_execution_logs", key, batch)
