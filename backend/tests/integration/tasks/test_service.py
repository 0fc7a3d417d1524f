"""The task service in-process against real PostgreSQL: recovery follows the task's kind and
step, a retry counts against the active-task cap, a task whose roadmap is gone is refused
with a reason, and leftover workflow messages never touch a task already in content."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import overridden
from waymark.db.engine import session_scope
from waymark.db.models import Roadmap, Task
from waymark.db.repositories import tasks as task_repo
from waymark.db.repositories.users import create_user
from waymark.settings import Settings
from waymark.statuses import Step, TaskKind, TaskStatus
from waymark.tasks import service
from waymark.tasks.errors import ActiveTaskLimitError, TaskStateError
from waymark.worker.durable import claimed_run
from waymark.worker.sender import MemorySender

LONG_AGO = datetime.now(UTC) - timedelta(hours=1)
CONCEPT = {"concept_id": "c", "title": "C", "estimated_hours": 1}
FRAMEWORK = {
    "title": "T",
    "total_estimated_hours": 1,
    "recommended_weeks": 1,
    "stages": [{"stage_id": "s", "title": "S", "order": 0, "modules": [
        {"module_id": "m", "title": "M", "concepts": [CONCEPT]}
    ]}],
}  # fmt: skip


async def a_user(sessionmaker: async_sessionmaker[AsyncSession]) -> uuid.UUID:
    async with session_scope(sessionmaker) as session:
        user = await create_user(session, f"svc-{uuid.uuid4().hex[:10]}@example.com", "x")
        assert user is not None
        return user.id


async def a_task(
    sessionmaker: async_sessionmaker[AsyncSession], owner: uuid.UUID, **values: Any
) -> uuid.UUID:
    """A task row in exactly the state a test needs (with a roadmap when asked)."""
    with_roadmap = values.pop("with_roadmap", False)
    async with session_scope(sessionmaker) as session:
        task = await task_repo.create_task(session, owner_id=owner, goal="g", preferences={}, **values)
        if with_roadmap:
            roadmap = Roadmap(
                id=uuid.uuid4(), owner_id=owner, task_id=task.id, title="T", framework=FRAMEWORK
            )
            session.add(roadmap)
            await session.flush()
            task.roadmap_id = roadmap.id
        return task.id


async def test_the_reaper_continues_each_task_by_its_kind_and_step(
    sessionmaker: async_sessionmaker[AsyncSession], sim_settings: Settings, jobs: MemorySender
) -> None:
    owner = await a_user(sessionmaker)
    stale = {"status": TaskStatus.RUNNING, "lease_expires_at": LONG_AGO, "lease_owner": "dead:1"}
    regeneration = await a_task(
        sessionmaker, owner, kind=TaskKind.REGENERATE, current_step=Step.CONTENT_GENERATION,
        with_roadmap=True, **stale,
    )  # fmt: skip
    in_content = await a_task(
        sessionmaker, owner, current_step=Step.CONTENT_GENERATION, with_roadmap=True, **stale
    )
    designing = await a_task(sessionmaker, owner, current_step=Step.CURRICULUM_DESIGN, **stale)
    decided = await a_task(
        sessionmaker, owner, current_step=Step.HUMAN_REVIEW, pending_review={"decision": "approve"}, **stale
    )
    async with session_scope(sessionmaker) as session:
        await service.recover_stale(session, sim_settings)
    sent = {job.args[0]: job.name for job in jobs.jobs}
    # a regeneration was once re-sent as the whole roadmap workflow, which repointed its roadmap
    assert sent[str(regeneration)] == "content.regenerate_concept"
    assert sent[str(in_content)] == "content.generate_roadmap_content"
    assert sent[str(designing)] == "workflow.resume_from_checkpoint"
    assert sent[str(decided)] == "workflow.resume_after_review"

    jobs.jobs.clear()
    async with session_scope(sessionmaker) as session:  # reserved: not sent twice while they wait
        await service.recover_stale(session, sim_settings)
    assert not {job.args[0] for job in jobs.jobs} & {str(regeneration), str(in_content), str(designing)}


async def test_a_retry_counts_against_the_active_task_cap(
    sessionmaker: async_sessionmaker[AsyncSession], sim_settings: Settings, jobs: MemorySender
) -> None:
    settings, owner = overridden(sim_settings, "celery", active_task_cap=2), await a_user(sessionmaker)
    cancelled = await a_task(
        sessionmaker, owner, status=TaskStatus.CANCELLED, current_step=Step.INTENT_ANALYSIS
    )
    for _ in range(2):
        await a_task(sessionmaker, owner, status=TaskStatus.RUNNING)
    with pytest.raises(ActiveTaskLimitError):  # cancel-and-retry once led to any number of runs
        async with session_scope(sessionmaker) as session:
            await service.retry(session, await service.get_owned(session, owner, cancelled), settings)
    assert jobs.jobs == []  # the refused retry sent nothing
    async with sessionmaker() as session:
        assert (await task_repo.status_of(session, cancelled)) is TaskStatus.CANCELLED


async def test_a_task_whose_roadmap_was_deleted_is_refused_with_the_reason(
    sessionmaker: async_sessionmaker[AsyncSession], sim_settings: Settings, jobs: MemorySender
) -> None:
    owner = await a_user(sessionmaker)
    task_id = await a_task(
        sessionmaker,
        owner,
        status=TaskStatus.CANCELLED,
        current_step=Step.CONTENT_GENERATION,
        with_roadmap=True,
    )
    async with session_scope(sessionmaker) as session:
        task = await service.get_owned(session, owner, task_id)
        assert task.roadmap_id is not None
        await session.delete(await session.get(Roadmap, task.roadmap_id))
    with pytest.raises(TaskStateError, match="roadmap was deleted") as refused:
        async with session_scope(sessionmaker) as session:
            await service.retry(session, await service.get_owned(session, owner, task_id), sim_settings)
    assert refused.value.status_code == 409 and refused.value.body()["status"] == "cancelled"
    assert jobs.jobs == []  # it once went back to running, forever


async def test_leftover_workflow_messages_never_claim_a_task_in_content(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    owner = await a_user(sessionmaker)
    task_id = await a_task(
        sessionmaker, owner, status=TaskStatus.RUNNING, current_step=Step.CONTENT_GENERATION, attempt=1
    )
    for _ in range(8):  # more than the attempt cap: each used to count as an attempt
        async with claimed_run(sessionmaker, task_id, lease_s=30, max_attempts=5) as attempt:
            assert attempt is None
    async with sessionmaker() as session:
        task = await session.get(Task, task_id)
        assert task is not None and (task.status, task.attempt) == (TaskStatus.RUNNING, 1)
    async with session_scope(sessionmaker) as session:  # a workflow-phase task is still claimed
        await session.execute(
            update(Task).where(Task.id == task_id).values(current_step=Step.INTENT_ANALYSIS)
        )
    async with claimed_run(sessionmaker, task_id, lease_s=30) as attempt:
        assert attempt == 2
