"""Cancel and retry: conditional updates that decide the transition; the caller commits,
then enqueues (retry) or announces (both)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import ConceptContent, Task
from waymark.lifecycle.tasks import TaskStateError
from waymark.statuses import TERMINAL_STATUSES, ContentStatus, Step, TaskKind, TaskStatus

RETRYABLE = (TaskStatus.FAILED.value, TaskStatus.PARTIAL_FAILURE.value, TaskStatus.CANCELLED.value)


class RecoveryType(StrEnum):
    RESUME_FROM_CHECKPOINT = "resume_from_checkpoint"
    RETRY_FAILED_CONTENT = "retry_failed_content"
    RESTART_CONTENT_GENERATION = "restart_content_generation"


@dataclass(frozen=True)
class RetryPlan:
    recovery_type: RecoveryType
    task_name: str  # the Celery task to enqueue after commit
    status: TaskStatus
    step: Step | None  # None keeps the current step


async def cancel_task(session: AsyncSession, task_id: uuid.UUID) -> str:
    """Any non-terminal task → cancelled; returns the status it had. A queued task never
    starts, a running workflow stops at its next node boundary, content generation starts
    no new concept (finished content is kept)."""
    current = await session.scalar(select(Task.status).where(Task.id == task_id).with_for_update())
    if current is None or current in {s.value for s in TERMINAL_STATUSES}:
        raise TaskStateError(str(current), "cancel")
    await session.execute(
        update(Task)
        .where(Task.id == task_id)
        .values(
            status=TaskStatus.CANCELLED.value,
            finished_at=func.now(),
            lease_owner=None,
            lease_expires_at=None,
        )
    )
    return str(current)


async def _has_failed_content(session: AsyncSession, roadmap_id: uuid.UUID) -> bool:
    failed = exists().where(
        ConceptContent.roadmap_id == roadmap_id, ConceptContent.status == ContentStatus.FAILED.value
    )
    return bool(await session.scalar(select(failed)))


async def plan_retry(session: AsyncSession, task: Task) -> RetryPlan:
    if task.kind == TaskKind.REGENERATE.value:
        return RetryPlan(
            RecoveryType.RESTART_CONTENT_GENERATION, "content.regenerate_concept", TaskStatus.QUEUED, None
        )
    if task.roadmap_id is None:  # stopped before the hand-off: the graph resumes where it was
        return RetryPlan(
            RecoveryType.RESUME_FROM_CHECKPOINT, "workflow.resume_from_checkpoint", TaskStatus.QUEUED, None
        )
    if await _has_failed_content(session, task.roadmap_id):
        recovery, name = RecoveryType.RETRY_FAILED_CONTENT, "content.retry_failed"
    else:
        recovery, name = RecoveryType.RESTART_CONTENT_GENERATION, "content.generate_roadmap_content"
    return RetryPlan(recovery, name, TaskStatus.RUNNING, Step.CONTENT_GENERATION_QUEUED)


async def retry_task(session: AsyncSession, task_id: uuid.UUID, *, grace_s: float) -> RetryPlan:
    """failed / partial_failure / cancelled → active again, same task id and roadmap. The
    roadmap (with the learner's edits) and finished content are kept; the attempt cap starts
    afresh. An ownerless lease of ``grace_s`` lets the reaper recover a lost message."""
    task = await session.scalar(select(Task).where(Task.id == task_id).with_for_update())
    if task is None or task.status not in RETRYABLE:
        raise TaskStateError(str(task.status if task else None), "retry")
    plan = await plan_retry(session, task)
    await session.execute(
        update(Task)
        .where(Task.id == task_id)
        .values(
            status=plan.status.value,
            current_step=plan.step.value if plan.step else Task.current_step,
            error=None,
            finished_at=None,
            attempt_floor=Task.attempt,
            lease_owner=None,
            lease_expires_at=func.now() + timedelta(seconds=grace_s),
        )
    )
    return plan


def _active() -> object:
    return Task.status.not_in([s.value for s in TERMINAL_STATUSES])


async def roadmap_generation_active(session: AsyncSession, roadmap_id: uuid.UUID) -> bool:
    """Is the roadmap's own content generation still running?"""
    busy = exists().where(
        Task.roadmap_id == roadmap_id,
        Task.kind == TaskKind.ROADMAP.value,
        _active(),  # type: ignore[arg-type]
    )
    return bool(await session.scalar(select(busy)))


async def cancel_roadmap_tasks(session: AsyncSession, roadmap_id: uuid.UUID) -> list[uuid.UUID]:
    """Cancel every active task that writes to this roadmap (before it is deleted)."""
    result = await session.execute(
        update(Task)
        .where(Task.roadmap_id == roadmap_id, _active())  # type: ignore[arg-type]
        .values(
            status=TaskStatus.CANCELLED.value, finished_at=func.now(), lease_owner=None, lease_expires_at=None
        )
        .returning(Task.id)
    )
    return list(result.scalars())
