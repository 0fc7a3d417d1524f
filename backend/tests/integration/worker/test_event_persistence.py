"""Events are reports: a Redis outage never stops the work that publishes them, and what a
killed worker published but never persisted is recovered from the live stream when the
task ends."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fixtures.sim import new_task
from waymark.db.engine import session_scope
from waymark.db.models import ExecutionLog
from waymark.db.repositories import tasks as task_repo
from waymark.events.schema import EventType
from waymark.events.stream import RedisStreamPublisher
from waymark.settings import Settings
from waymark.statuses import TaskStatus
from waymark.threaded_server import free_port
from waymark.worker.events import PersistingPublisher
from waymark.worker.jobs.maintenance import sync_recent_logs, write_execution_logs
from waymark.worker.resources import WorkerResources
from waymark.worker.sender import MemorySender


@pytest.fixture
async def worker(sim_settings: Settings) -> AsyncIterator[WorkerResources]:
    resources = WorkerResources(sim_settings)
    yield resources
    await resources.aclose()


async def test_publishing_without_redis_does_not_fail_the_work() -> None:
    unreachable = aioredis.Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.5)
    sender = MemorySender()
    publisher = PersistingPublisher(unreachable, sender)
    event = await publisher.publish(str(uuid.uuid4()), EventType.COMPLETED)  # no exception
    await unreachable.aclose()
    assert event.id is None and sender.jobs == []  # lost, and said so in the log


async def test_the_ending_batch_recovers_what_a_killed_worker_never_persisted(
    worker: WorkerResources, sessionmaker: async_sessionmaker[AsyncSession], async_redis: aioredis.Redis
) -> None:
    task_id = await new_task(sessionmaker)
    stream = RedisStreamPublisher(async_redis)
    lost = [await stream.publish(task_id, EventType.STEP, step="content_generation") for _ in range(4)]
    ending = await stream.publish(task_id, EventType.COMPLETED)  # only this batch is ever sent
    assert await write_execution_logs(worker, task_id, [ending.model_dump(mode="json")]) == 5
    async with sessionmaker() as session:
        logged = list(
            (
                await session.execute(
                    select(ExecutionLog.event_id)
                    .where(ExecutionLog.task_id == uuid.UUID(task_id))
                    .order_by(ExecutionLog.id)
                )
            ).scalars()
        )
    assert logged == [event.id for event in [*lost, ending]]  # all of them, in stream order


async def test_the_reaper_recovers_the_events_of_a_lost_final_batch(
    worker: WorkerResources, sessionmaker: async_sessionmaker[AsyncSession], async_redis: aioredis.Redis
) -> None:
    """A logs worker killed while holding the final batch (or PostgreSQL restarting under it)
    leaves the events on the stream only: the reaper's pass copies them."""
    task_id = await new_task(sessionmaker)
    stream = RedisStreamPublisher(async_redis)
    published = [await stream.publish(task_id, EventType.LOG, message=f"m{n}") for n in range(3)]
    published.append(await stream.publish(task_id, EventType.COMPLETED))
    async with session_scope(sessionmaker) as session:
        await task_repo.finish_task(session, uuid.UUID(task_id), TaskStatus.COMPLETED)
    assert await sync_recent_logs(worker) >= 4
    async with sessionmaker() as session:
        logged = set(
            (
                await session.execute(
                    select(ExecutionLog.event_id).where(ExecutionLog.task_id == uuid.UUID(task_id))
                )
            )
            .scalars()
            .all()
        )
    assert logged == {event.id for event in published}
    assert await sync_recent_logs(worker) == 0  # nothing missing: nothing copied
