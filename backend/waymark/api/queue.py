"""The API's side of Celery: enqueue by stable task name after commit, and announce events."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import redis.asyncio as aioredis
import structlog
from celery import Celery

from waymark.events.schema import EventType
from waymark.events.stream import RedisStreamPublisher
from waymark.worker.queues import queue_for

log = structlog.get_logger(__name__)


class TaskQueue:
    """Sends tasks from the API without blocking its event loop.

    Celery builds the message (``amqp.as_task_v2``: the protocol-2 headers and body every
    worker expects); the API pushes it onto the queue's Redis list itself, the way
    kombu's Redis transport does for the default exchange, with the API's async client.
    One round trip, no thread. Workers consume these messages like any other; a test
    checks the envelope against kombu's own. Task-sent events are not emitted for them
    (Flower still sees every task from received on).
    """

    def __init__(self, celery: Celery, redis: aioredis.Redis, shared_queue: str | None = None) -> None:
        self.celery = celery
        self.redis = redis
        self.shared_queue = shared_queue

    def envelope(self, task_name: str, args: list[Any]) -> tuple[str, str]:
        """(queue, message) for one task, as kombu would LPUSH it."""
        task_id = str(uuid.uuid4())
        message = self.celery.amqp.as_task_v2(
            task_id, task_name, args=args, kwargs={}, reply_to=self.celery.thread_oid, ignore_result=None
        )
        queue = self.shared_queue or queue_for(task_name).value
        body = base64.b64encode(json.dumps(message.body).encode()).decode()
        properties = {
            **message.properties,
            "delivery_mode": 2,
            "delivery_info": {"exchange": "", "routing_key": queue},
            "priority": 0,
            "body_encoding": "base64",
            "delivery_tag": str(uuid.uuid4()),
        }
        payload = {
            "body": body,
            "content-encoding": "utf-8",
            "content-type": "application/json",
            "headers": message.headers,
            "properties": properties,
        }
        return queue, json.dumps(payload)

    async def send(self, task_name: str, *args: Any) -> bool:
        """Enqueue; False when Redis is unreachable. The row is committed already, so the
        reaper recovers the task from PostgreSQL (DESIGN.md §3): the request still succeeds."""
        queue, message = self.envelope(task_name, list(args))
        try:
            await self.redis.lpush(queue, message)
        except (aioredis.RedisError, OSError) as error:
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
