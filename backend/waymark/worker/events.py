"""The workers' publisher: live events on the Redis stream, persisted in batches
to ``execution_logs`` through the logs queue."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis

from waymark.events.schema import TERMINAL_EVENTS, TaskEvent
from waymark.events.stream import RedisStreamPublisher
from waymark.worker.sender import Job, Sender

BATCH_SIZE = 50


class PersistingPublisher(RedisStreamPublisher):
    def __init__(self, client: aioredis.Redis, sender: Sender) -> None:
        super().__init__(client)
        self.sender = sender
        self.pending: dict[str, list[dict[str, Any]]] = {}

    async def emit(self, event: TaskEvent) -> TaskEvent:
        event = await super().emit(event)
        batch = self.pending.setdefault(event.task_id, [])
        batch.append(event.model_dump(mode="json"))
        if len(batch) >= BATCH_SIZE or event.type in TERMINAL_EVENTS:
            await self.flush(event.task_id)
        return event

    async def flush(self, task_id: str | None = None) -> None:
        """Send the buffered events (of one task, or all) to be written to execution_logs."""
        jobs = [
            Job("logs.write_execution_logs", (key, batch))
            for key in ([task_id] if task_id else list(self.pending))
            if (batch := self.pending.pop(key, []))
        ]
        await self.sender.send_many(jobs)
