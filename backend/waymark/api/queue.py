"""The API's side of Celery: enqueue by stable task name after commit, and announce events."""

from __future__ import annotations

from functools import partial
from typing import Any

import anyio
import redis.asyncio as aioredis
import structlog
from celery import Celery
from kombu.exceptions import OperationalError

from waymark.events.schema import EventType
from waymark.events.stream import RedisStreamPublisher

log = structlog.get_logger(__name__)


class TaskQueue:
    """Sends tasks with the API's own Celery app (built from the API's settings)."""

    def __init__(self, celery: Celery) -> None:
        self.celery = celery

    async def send(self, task_name: str, *args: Any) -> bool:
        """Enqueue; False when the broker is unreachable. The row is committed already, so
        the reaper recovers the task from PostgreSQL (DESIGN.md §3): the request still succeeds."""
        try:
            await anyio.to_thread.run_sync(partial(self.celery.send_task, task_name, args=list(args)))
        except (OperationalError, OSError) as error:
            log.warning("api.enqueue.failed", task=task_name, error=str(error)[:200])
            return False
        return True


class Announcer:
    """Events the API itself emits (status changes, cancellations): the live stream first,
    then the logs queue persists them like the workers' events."""

    def __init__(self, redis: aioredis.Redis, queue: TaskQueue) -> None:
        self.publisher = RedisStreamPublisher(redis)
        self.queue = queue

    async def announce(self, task_id: str, event_type: EventType, **fields: Any) -> None:
        try:
            event = await self.publisher.publish(task_id, event_type, **fields)
        except (aioredis.RedisError, OSError) as error:
            log.warning("api.announce.failed", task_id=task_id, type=event_type.value, error=str(error)[:200])
            return
        await self.queue.send("logs.write_execution_logs", task_id, [event.model_dump(mode="json")])
