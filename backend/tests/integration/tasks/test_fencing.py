"""Retries and cancels that race each other or a run still going: a quick retry fences off
the run of before, two retries at once make one, and a cancel racing a retry leaves one
consistent outcome (issue 15 §1.4)."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.integration.tasks.test_service import a_task, a_user
from waymark.db.engine import session_scope
from waymark.db.models import Task
from waymark.db.repositories import leases
from waymark.db.repositories import tasks as task_repo
from waymark.settings import Settings
from waymark.statuses import Step, TaskStatus
from waymark.tasks import service
from waymark.tasks.errors import TaskStateError
from waymark.tasks.recovery import WORKFLOW_STEPS
from waymark.worker.sender import MemorySender


async def load(sessionmaker: async_sessionmaker[AsyncSession], task_id: uuid.UUID) -> Task:
    async with sessionmaker() as session:
        task = await session.get(Task, task_id)
        assert task is not None
        return task


async def retry(
    sessionmaker: async_sessionmaker[AsyncSession], task_id: uuid.UUID, settings: Settings
) -> None:
    async with session_scope(sessionmaker) as session:
        await service.retry(session, await load(sessionmaker, task_id), settings)


async def cancel(sessionmaker: async_sessionmaker[AsyncSession], task_id: uuid.UUID) -> None:
    async with session_scope(sessionmaker) as session:
        await service.cancel(session, await load(sessionmaker, task_id))


async def test_a_quick_retry_after_a_cancel_fences_off_the_run_still_going(
    sessionmaker: async_sessionmaker[AsyncSession], sim_settings: Settings, jobs: MemorySender
) -> None:
    owner = await a_user(sessionmaker)
    task_id = await a_task(sessionmaker, owner)
    async with session_scope(sessionmaker) as session:  # the first run is writing its intent
        claimed = await leases.claim(session, task_id, owner="w1", lease_s=60, steps=WORKFLOW_STEPS)
    assert claimed is not None
    await cancel(sessionmaker, task_id)
    await retry(sessionmaker, task_id, sim_settings)  # before the retry's job claims the task

    async with session_scope(sessionmaker) as session:  # the old run reaches its next node
        moved = await task_repo.record_step(
            session, task_id, Step.CURRICULUM_DESIGN, 20, attempt=claimed.attempt
        )
    assert moved is False  # it stops there, instead of sharing the thread with the new run
    task = await load(sessionmaker, task_id)
    assert (task.status, task.current_step) == (TaskStatus.QUEUED, Step.QUEUED)
    assert [job.name for job in jobs.jobs] == ["workflow.resume_from_checkpoint"]


async def test_two_retries_at_once_reopen_the_task_once(
    sessionmaker: async_sessionmaker[AsyncSession], sim_settings: Settings, jobs: MemorySender
) -> None:
    owner = await a_user(sessionmaker)
    task_id = await a_task(sessionmaker, owner, status=TaskStatus.FAILED, error="boom")
    outcomes = await asyncio.gather(
        retry(sessionmaker, task_id, sim_settings),
        retry(sessionmaker, task_id, sim_settings),
        return_exceptions=True,
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "TaskStateError"]
    assert len(jobs.jobs) == 1  # one run continues the task
    assert (await load(sessionmaker, task_id)).status is TaskStatus.QUEUED


@pytest.mark.parametrize("round_", range(6))
async def test_a_cancel_racing_a_retry_leaves_one_consistent_outcome(
    round_: int, sessionmaker: async_sessionmaker[AsyncSession], sim_settings: Settings, jobs: MemorySender
) -> None:
    del round_  # each round races afresh
    owner = await a_user(sessionmaker)
    task_id = await a_task(sessionmaker, owner, status=TaskStatus.FAILED, error="boom")
    retried, cancelled = await asyncio.gather(
        retry(sessionmaker, task_id, sim_settings),
        cancel(sessionmaker, task_id),
        return_exceptions=True,
    )
    assert retried is None  # a failed task can always be retried
    task = await load(sessionmaker, task_id)
    if isinstance(cancelled, TaskStateError):  # the cancel came first and found it failed
        assert task.status is TaskStatus.QUEUED
    else:  # the retry came first, then the cancel stopped it before it ran
        assert cancelled is None
        assert task.status is TaskStatus.CANCELLED
    assert len(jobs.jobs) == 1
