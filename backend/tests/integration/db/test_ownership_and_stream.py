"""Objects load only for their owner; task events replay from the Redis stream by id."""

from __future__ import annotations

import uuid

import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fixtures.sim import new_task
from waymark.db.models import Task
from waymark.db.repositories.ownership import get_owned
from waymark.events.schema import EventType
from waymark.events.stream import RedisStreamPublisher, read_events, wait_for_events


async def test_another_users_object_is_indistinguishable_from_a_missing_one(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    task_id = uuid.UUID(await new_task(sessionmaker))
    async with sessionmaker() as session:
        task = await session.get(Task, task_id)
        assert task is not None
        assert await get_owned(session, Task, task_id, task.owner_id) is not None
        assert await get_owned(session, Task, task_id, uuid.uuid4()) is None
        assert await get_owned(session, Task, uuid.uuid4(), task.owner_id) is None


async def test_stream_events_have_ids_and_replay_after_an_id(async_redis: aioredis.Redis) -> None:
    publisher = RedisStreamPublisher(async_redis)
    task_id = str(uuid.uuid4())
    published = [
        await publisher.publish(task_id, EventType.LOG, message=f"s{n}", data={"n": n}) for n in range(5)
    ]
    assert all(event.id for event in published)
    replay = await read_events(async_redis, task_id, after=published[1].id)
    assert [event.data["n"] for event in replay] == [2, 3, 4]
    assert [event.id for event in replay] == [event.id for event in published[2:]]
    assert await wait_for_events(async_redis, task_id, after=published[-1].id or "$", block_ms=50) == []
