"""Which jobs still wait in a queue, so that recovery re-sends only what was really lost.

The sender writes a marker beside each message it pushes, in the same round trip, and a
worker removes the marker when it starts the job. A marker present means the message is
still in its queue (or delivered and waiting for its countdown): sending it again would
only make the backlog longer. A marker missing means the message was consumed by a worker
that has since gone, or Redis lost it with the queue (a flush, a restart without
persistence): then the job is sent again. Markers expire after the broker's visibility
timeout, when Redis would have re-delivered an unacknowledged message anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import redis.asyncio as aioredis
import structlog
from redis.asyncio.client import Pipeline

from waymark.worker.queues import VISIBILITY_TIMEOUT_S, queue_for

log = structlog.get_logger(__name__)
PREFIX = "waymark:waiting"


RECOVERABLE_PREFIXES = ("workflow.", "content.")


def recoverable(name: str) -> bool:
    """Jobs the reaper or the content fan-out may send again (not logs or maintenance)."""
    return name.startswith(RECOVERABLE_PREFIXES)


def _marker(name: str, args: Sequence[Any]) -> tuple[str, str]:
    """(key, member): one set per queue and task, one member per job of that task in it — the
    job that continues the task as a whole ("") or one of its concepts (the concept id)."""
    task_id, *rest = (str(arg) for arg in args)
    return f"{PREFIX}:{queue_for(name).value}:{task_id}", ":".join(rest)


def mark_sent(pipe: Pipeline, name: str, args: Sequence[Any]) -> None:
    key, member = _marker(name, args)
    pipe.sadd(key, member)
    pipe.expire(key, VISIBILITY_TIMEOUT_S)


async def still_waiting(redis: aioredis.Redis, jobs: Sequence[tuple[str, Sequence[Any]]]) -> list[bool]:
    """For each (name, args): does a message of that job still wait in its queue? For a job
    that continues a whole task, any job of that task in the same queue counts (the waiting
    concepts of a task in content will finish it; one that was lost is sent again the next
    time the task is found idle). One round trip. When Redis cannot answer, every job counts
    as lost (sending it again is safe: claims keep a duplicate from doing the work twice)."""
    if not jobs:
        return []
    try:
        async with redis.pipeline(transaction=False) as pipe:
            for name, args in jobs:
                key, member = _marker(name, args)
                if member:
                    pipe.sismember(key, member)
                else:
                    pipe.exists(key)
            found = await pipe.execute()
    except (aioredis.RedisError, OSError) as error:
        log.warning("jobs.waiting.unknown", error=type(error).__name__)
        return [False] * len(jobs)
    return [bool(answer) for answer in found]


async def mark_started(redis: aioredis.Redis, name: str, args: Sequence[Any]) -> None:
    """A worker took the job: its message has left the queue."""
    try:
        await redis.srem(*_marker(name, args))
    except (aioredis.RedisError, OSError) as error:  # the job runs all the same
        log.warning("jobs.waiting.not_cleared", task=name, error=type(error).__name__)
