"""The workers' publisher: live events on the Redis stream, persisted in batches
to ``execution_logs`` through the logs queue."""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis
import structlog

from waymark.events.schema import TERMINAL_EVENTS, TaskEvent
from waymark.events.stream import RedisStreamPublisher
from waymark.worker.sender import Job, Sender

BATCH_SIZE = 50
log = structlog.get_logger(__name__)


class PersistingPublisher(RedisStreamPublisher):
    def __init__(self, client: aioredis.Redis, sender: Sender) -> None:
        super().__init__(client)
        self.sender = sender
        self.pending: dict[str, list[dict[str, Any]]] = {}

    async def emit(self, event: TaskEvent) -> TaskEvent:
        """Live first, then persisted in batches. With Redis unreachable the event is lost (a
        warning says so) and the work goes on: events report work, they never stop it."""
        try:
            event = await super().emit(event)
        except (aioredis.RedisError, OSError) as error:
            log.warning(
                "events.publish.failed", task_id=event.task_id, type=event.type.value, error=str(error)[:200]
            )
            return event
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
