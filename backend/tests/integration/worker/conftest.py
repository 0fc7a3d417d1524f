from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis.asyncio as aioredis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from tests.fixtures.stack import Stack
from waymark.db.engine import create_engine, create_sessionmaker, session_scope
from waymark.db.models import ConceptContent, ExecutionLog, Task
from waymark.db.repositories.users import create_user
from waymark.statuses import ReviewDecision
from waymark.tasks import service
from waymark.worker.outbox import outbox_info
from waymark.worker.sender import JobSender


async def wait_status(db: StackDB, task_id: str, statuses: set[str], timeout_s: float = 120) -> str:
    deadline = time.monotonic() + timeout_s
    while True:
        status = (await db.task(task_id)).status
        if status in statuses:
            return str(status)
        if time.monotonic() > deadline:
            raise TimeoutError(f"task {task_id} stuck in {status}, wanted {statuses}")
        await asyncio.sleep(0.2)


def tasks_run_by(log: str) -> set[str]:
    return set(re.findall(r"Task ([a-z_]+\.[a-z_]+)\[[0-9a-f-]+\] succeeded", log))


class StackDB:
    """Test-side reads and writes against a stack's database."""

    def __init__(self, engine: AsyncEngine, redis: aioredis.Redis, stack: Stack) -> None:
        self.engine = engine
        # the task service's jobs reach the stack's workers through the real sender
        sender = JobSender(stack.celery, redis)
        self.sessionmaker: async_sessionmaker[AsyncSession] = create_sessionmaker(engine, outbox_info(sender))
        self.stack = stack

    async def new_task(self, **preferences: Any) -> str:
        async with session_scope(self.sessionmaker) as session:
            user = await create_user(session, f"w-{uuid.uuid4().hex[:10]}@example.com", "x")
            assert user is not None
            task_id, _, _ = await service.create_roadmap_task(
                session,
                owner_id=user.id,
                goal="Learn Rust for embedded work",
                preferences={"weekly_hours": 6, **preferences},
                idempotency_key=None,
                settings=self.stack.settings,
            )
        return str(task_id)

    async def task(self, task_id: str) -> Task:
        async with self.sessionmaker() as session:
            task = await session.get(Task, uuid.UUID(task_id))
            assert task is not None
            return task

    async def approve(self, task_id: str) -> None:
        async with session_scope(self.sessionmaker) as session:
            task = await session.get(Task, uuid.UUID(task_id))
            assert task is not None
            await service.review(
                session,
                task,
                decision=ReviewDecision.APPROVE,
                framework=None,
                feedback=None,
                settings=self.stack.settings,
            )

    async def regenerate(self, task_id: str, concept_id: str, types: list[str], instructions: str) -> str:
        roadmap_task = await self.task(task_id)
        assert roadmap_task.roadmap_id is not None
        async with session_scope(self.sessionmaker) as session:
            regeneration = await service.create_regeneration(
                session,
                owner_id=roadmap_task.owner_id,
                roadmap_id=roadmap_task.roadmap_id,
                concept_id=concept_id,
                content_types=types,
                instructions=instructions,
                settings=self.stack.settings,
            )
        return str(regeneration)

    async def content_rows(self, task_id: str) -> list[tuple[str, str, int, str]]:
        task = await self.task(task_id)
        async with self.sessionmaker() as session:
            rows = await session.execute(
                select(
                    ConceptContent.concept_id,
                    ConceptContent.content_type,
                    ConceptContent.version,
                    ConceptContent.status,
                ).where(ConceptContent.roadmap_id == task.roadmap_id)
            )
            return [tuple(row) for row in rows]  # type: ignore[misc]

    async def logged_events(self, task_id: str) -> int:
        async with self.sessionmaker() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(ExecutionLog)
                .where(ExecutionLog.task_id == uuid.UUID(task_id))
            )
            return int(count or 0)


@pytest.fixture
async def stack_db_factory() -> AsyncIterator[Any]:
    opened: list[tuple[AsyncEngine, aioredis.Redis]] = []

    def make(stack: Stack) -> StackDB:
        engine = create_engine(stack.settings)
        redis = aioredis.Redis.from_url(stack.settings.redis.required_url)
        opened.append((engine, redis))
        return StackDB(engine, redis, stack)

    yield make
    for engine, redis in opened:
        await redis.aclose()
        await engine.dispose()
