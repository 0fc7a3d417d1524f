"""Jobs and announcements that wait for the transaction describing them to commit.

``enqueue(session, …)`` and ``announce(session, …)`` buffer on the session; when
``db.engine.session_scope`` has committed it, the jobs go out through the process's one
``JobSender`` (found in the session's ``info``), then the events. A rolled-back
transaction sends nothing, so no worker ever reads a row that does not exist; a job lost
after the commit (Redis down) is recovered by the reaper from PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as aioredis
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.engine import after_commit
from waymark.events.schema import EventType
from waymark.events.stream import RedisStreamPublisher
from waymark.worker.sender import Job, Sender

log = structlog.get_logger(__name__)

OUTBOX = "outbox"
SENDER = "job_sender"
ANNOUNCER = "announcer"


@dataclass(frozen=True)
class Announcement:
    task_id: str
    type: EventType
    fields: dict[str, Any]


@dataclass
class Pending:
    jobs: list[Job] = field(default_factory=list)
    announcements: list[Announcement] = field(default_factory=list)


class Announcer:
    """Events a transaction announces (status changes, cancellations): the live stream first,
    then the logs queue persists them like the workers' events."""

    def __init__(self, redis: aioredis.Redis, sender: Sender) -> None:
        self.publisher = RedisStreamPublisher(redis)
        self.sender = sender

    async def announce(self, item: Announcement) -> None:
        try:
            event = await self.publisher.publish(item.task_id, item.type, **item.fields)
        except (aioredis.RedisError, OSError) as error:
            log.warning(
                "outbox.announce.failed", task_id=item.task_id, type=item.type.value, error=str(error)[:200]
            )
            return
        await self.sender.send_many(
            [Job("logs.write_execution_logs", (item.task_id, [event.model_dump(mode="json")]))]
        )


def outbox_info(sender: Sender, announcer: Announcer | None = None) -> dict[str, Any]:
    """The sessionmaker ``info`` that lets its sessions send jobs and announce events."""
    return {SENDER: sender, ANNOUNCER: announcer}


def _pending(session: AsyncSession) -> Pending:
    pending: Pending | None = session.info.get(OUTBOX)
    if pending is None:
        if session.info.get(SENDER) is None:
            raise RuntimeError("this session's sessionmaker has no job sender (see outbox_info)")
        pending = session.info[OUTBOX] = Pending()
        after_commit(session, OUTBOX, _deliver)
    return pending


def enqueue(session: AsyncSession, name: str, *args: Any, countdown: float | None = None) -> None:
    """Send the Celery task ``name`` once this session's transaction commits."""
    _pending(session).jobs.append(Job(name, args, countdown))


def announce(session: AsyncSession, task_id: str, event_type: EventType, **fields: Any) -> None:
    """Publish a task event once this session's transaction commits."""
    _pending(session).announcements.append(Announcement(task_id, event_type, fields))


async def _deliver(session: AsyncSession) -> None:
    pending: Pending = session.info.pop(OUTBOX)
    sender: Sender = session.info[SENDER]
    await sender.send_many(pending.jobs)
    announcer: Announcer | None = session.info.get(ANNOUNCER)
    for item in pending.announcements:
        if announcer is None:
            log.info("outbox.announcement.dropped", task_id=item.task_id, type=item.type.value)
            continue
        await announcer.announce(item)
