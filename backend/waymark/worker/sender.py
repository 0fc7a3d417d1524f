"""The one way Waymark sends Celery tasks, from the API and the workers alike.

Celery builds each message (``amqp.as_task_v2``: the protocol-2 headers and body every
worker expects); the sender pushes it onto the queue's Redis list itself with an async
client, as kombu's Redis transport does for the default exchange: one round trip for any
number of jobs, no thread, no blocking. A test checks the envelope against kombu's own.
Task-sent events are not emitted (Flower still sees every task from received on). Beside each
job that recovery may send again, a marker says it waits in its queue (``worker.waiting``).

Jobs that depend on rows of a transaction are not sent directly: ``worker.outbox`` buffers
them on the session and sends them here once it commits.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import redis.asyncio as aioredis
import structlog
from celery import Celery

from waymark.worker.queues import queue_for
from waymark.worker.waiting import mark_sent, recoverable

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Job:
    """One Celery task to send: a stable task name and JSON arguments (ids, never rows)."""

    name: str
    args: tuple[Any, ...] = ()
    countdown: float | None = None


class Sender(Protocol):
    async def send_many(self, jobs: Sequence[Job]) -> bool: ...


class JobSender:
    def __init__(self, celery: Celery, redis: aioredis.Redis | None, shared_queue: str | None = None) -> None:
        self.celery = celery
        self.redis = redis
        self.shared_queue = shared_queue

    def envelope(self, job: Job) -> tuple[str, str]:
        """(queue, message) for one job, as kombu would LPUSH it."""
        task_id = str(uuid.uuid4())
        message = self.celery.amqp.as_task_v2(
            task_id,
            job.name,
            args=list(job.args),
            kwargs={},
            countdown=job.countdown,
            reply_to=self.celery.thread_oid,
            ignore_result=None,
        )
        queue = self.shared_queue or queue_for(job.name).value
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

    async def send_many(self, jobs: Sequence[Job]) -> bool:
        """Push every job in one round trip; False when Redis is unreachable. Callers send only
        what committed rows describe, so the reaper recovers a lost job from PostgreSQL."""
        if not jobs:
            return True
        if self.redis is None:
            raise RuntimeError("this JobSender has no Redis client")
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for job in jobs:
                    pipe.lpush(*self.envelope(job))
                    if recoverable(job.name):
                        mark_sent(pipe, job.name, job.args)
                await pipe.execute()
        except (aioredis.RedisError, OSError) as error:
            log.warning("jobs.send.failed", tasks=sorted({j.name for j in jobs}), error=str(error)[:200])
            return False
        return True

    async def send(self, name: str, *args: Any, countdown: float | None = None) -> bool:
        return await self.send_many([Job(name, args, countdown)])


@dataclass
class MemorySender:
    """Keeps jobs in a list: the in-process runner's and the tests' sender (no broker)."""

    jobs: list[Job] = field(default_factory=list)

    async def send_many(self, jobs: Sequence[Job]) -> bool:
        self.jobs.extend(jobs)
        return True

    def named(self, name: str) -> list[Job]:
        return [job for job in self.jobs if job.name == name]
