"""Leases, the attempt cap, the active-task cap and retention, in-process against real Postgres."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import overridden
from tests.fixtures.sim import Simulator, new_task
from waymark.db.engine import session_scope
from waymark.db.models import ExecutionLog, Task
from waymark.db.repositories.execution_logs import write_events
from waymark.db.repositories.users import create_user
from waymark.settings import Settings
from waymark.tasks import service
from waymark.tasks.errors import ActiveTaskLimitError
from waymark.worker.durable import claimed_run
from waymark.worker.jobs.maintenance import prune
from waymark.worker.resources import WorkerResources
from waymark.worker.sender import MemorySender
from waymark.workflow import runner
from waymark.workflow.context import WorkflowContext


async def status_of(sessionmaker: async_sessionmaker[AsyncSession], task_id: str) -> Task:
    async with sessionmaker() as session:
        task = await session.get(Task, uuid.UUID(task_id))
        assert task is not None
        return task


async def test_a_live_lease_blocks_a_second_claim(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    task_id = uuid.UUID(await new_task(sessionmaker))
    async with claimed_run(sessionmaker, task_id, lease_s=30) as first:
        async with claimed_run(sessionmaker, task_id, lease_s=30) as second:
            assert first == 1
            assert second is None  # the duplicate does nothing
    task = await status_of(sessionmaker, str(task_id))
    assert task.lease_expires_at is None  # released at the end


async def test_the_attempt_cap_fails_the_task_with_a_reason(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    task_id = uuid.UUID(await new_task(sessionmaker))
    attempts = []
    for _ in range(4):
        async with claimed_run(sessionmaker, task_id, lease_s=30, max_attempts=3) as attempt:
            attempts.append(attempt)
    assert attempts == [1, 2, 3, None]
    task = await status_of(sessionmaker, str(task_id))
    assert task.status == "failed"
    assert task.error is not None and "gave up after 3 attempts" in task.error


async def test_per_user_cap_on_active_tasks_and_idempotency(
    sessionmaker: async_sessionmaker[AsyncSession], sim_settings: Settings, jobs: MemorySender
) -> None:
    settings = overridden(sim_settings, "celery", active_task_cap=2)

    async def create(session: AsyncSession, goal: str, key: str | None = None) -> tuple[uuid.UUID, bool]:
        task_id, _, created = await service.create_roadmap_task(
            session, owner_id=user.id, goal=goal, preferences={}, idempotency_key=key, settings=settings
        )
        return task_id, created

    async with session_scope(sessionmaker) as session:
        user = await create_user(session, f"cap-{uuid.uuid4().hex[:8]}@example.com", "x")
        assert user is not None
        first, created = await create(session, "g", "k1")
        again, created_again = await create(session, "g", "k1")
        assert (created, created_again) == (True, False)
        assert again == first
        second, _ = await create(session, "g2")
        with pytest.raises(ActiveTaskLimitError, match="already have 2 active tasks"):
            await create(session, "g3")
    # one job per task created, sent after the commit: none for the replay or the refusal
    assert [job.args for job in jobs.named("workflow.generate_roadmap")] == [(str(first),), (str(second),)]


async def test_prune_removes_old_checkpoints_and_logs_only(
    ctx: WorkflowContext,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    old, recent = await new_task(sessionmaker), await new_task(sessionmaker)
    for task_id in (old, recent):
        await runner.start(ctx, sim_settings.db.psycopg_url, task_id)
    long_ago = datetime.now(UTC) - timedelta(days=40)
    async with session_scope(sessionmaker) as session:
        for task_id, finished in ((old, long_ago), (recent, datetime.now(UTC))):
            await session.execute(
                update(Task)
                .where(Task.id == uuid.UUID(task_id))
                .values(status="completed", finished_at=finished)
            )
        await write_events(
            session, uuid.UUID(old), [{"id": "1-0", "type": "log"}, {"id": "2-0", "type": "log"}]
        )
        await write_events(session, uuid.UUID(recent), [{"id": "1-0", "type": "log"}])
        await session.execute(
            update(ExecutionLog).where(ExecutionLog.task_id == uuid.UUID(old)).values(created_at=long_ago)
        )
    resources = WorkerResources(sim_settings)
    try:
        removed = await prune(resources, checkpoint_days=7, log_days=30)
    finally:
        await resources.aclose()
    assert removed["execution_logs"] == 2
    with psycopg.connect(sim_settings.db.psycopg_url) as conn:

        def checkpoints(task_id: str) -> int:
            row = conn.execute("SELECT count(*) FROM checkpoints WHERE thread_id = %s", (task_id,)).fetchone()
            return int(row[0]) if row else 0

        assert checkpoints(old) == 0
        assert checkpoints(recent) > 0
