"""The task service's worker side: every transition a run of a task asks for is decided here.

A workflow run, a content job and a regeneration never write a task's status themselves:
they ask this module, which decides, and the repositories (``db/repositories/tasks.py``,
``leases.py``) write it, each write conditional on the row (active, and fenced by the run's
attempt where it has one). Like ``tasks/service.py`` (the learner's side), nothing here
commits: the caller's session scope owns the transaction (docs/architecture.md §7).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.repositories import leases
from waymark.db.repositories import tasks as task_repo
from waymark.statuses import ContentStatus, ContentType, Step, TaskStatus

log = structlog.get_logger(__name__)

CONTENT_STARTS_AT = 45  # progress when content generation begins; it ends at 99, then 100


async def claim(
    session: AsyncSession,
    task_id: uuid.UUID,
    *,
    owner: str,
    lease_s: float,
    steps: Collection[Step],
    max_attempts: int,
    durable: bool = True,
) -> int | None:
    """queued/running → running under this run's lease; its attempt, or None when another
    live run holds the task or it is past ``steps``. A claim past ``max_attempts`` (since the
    learner last retried) fails the task with the reason instead of looping."""
    claimed = await leases.claim(session, task_id, owner=owner, lease_s=lease_s, steps=steps, durable=durable)
    if claimed is None:
        return None
    if durable and claimed.since_retry > max_attempts:
        await task_repo.finish_task(
            session,
            task_id,
            TaskStatus.FAILED,
            error=f"gave up after {max_attempts} attempts (worker crashes or lost leases)",
        )
        log.error("lease.attempts_exhausted", task_id=str(task_id), attempt=claimed.attempt)
        return None
    return claimed.attempt


async def enter_step(
    session: AsyncSession, task_id: uuid.UUID, step: Step, progress: int, *, attempt: int | None
) -> bool:
    """The run moves on to ``step`` (still running). False when the task was cancelled or a
    newer attempt owns it: the run stops at this boundary."""
    return await task_repo.record_step(
        session, task_id, step, progress, status=TaskStatus.RUNNING, attempt=attempt
    )


async def park_for_review(
    session: AsyncSession, task_id: uuid.UUID, *, attempt: int | None
) -> dict[str, Any] | None:
    """running → awaiting_review, the run's lease given up, once the graph has stopped at its
    interrupt; the proposal to announce, or None when a decision is already stored (the run
    resumes with it) or the run was fenced off."""
    if not await task_repo.park_for_review(session, task_id, attempt=attempt):
        return None
    task = await task_repo.get_task(session, task_id)
    return dict(task.proposal or {}) if task else {}


async def consume_review(session: AsyncSession, task_id: uuid.UUID) -> None:
    """The run has taken the learner's stored decision into its graph."""
    await task_repo.clear_pending_review(session, task_id)


async def fail(session: AsyncSession, task_id: uuid.UUID, error: str, *, attempt: int | None = None) -> bool:
    """Any active task → failed with the reason; False when it had ended already (or, with
    ``attempt``, a newer run owns it)."""
    return await task_repo.finish_task(session, task_id, TaskStatus.FAILED, error=error, attempt=attempt)


@dataclass(frozen=True)
class ContentOutcome:
    status: TaskStatus
    total: int
    failed: int


async def record_content(
    session: AsyncSession, task_id: uuid.UUID, cells: Iterable[ContentStatus | None]
) -> ContentOutcome | None:
    """A roadmap's content moved on: its progress, or — once every (concept, type) is settled —
    completed (or partial_failure, with counts), decided once: the outcome for the one caller
    that finished the task, None for everyone else."""
    statuses = list(cells)
    settled = sum(1 for status in statuses if status in (ContentStatus.COMPLETED, ContentStatus.FAILED))
    failed = sum(1 for status in statuses if status is ContentStatus.FAILED)
    if settled < len(statuses):
        progress = CONTENT_STARTS_AT + 54 * settled // max(1, len(statuses))
        await task_repo.record_step(session, task_id, Step.CONTENT_GENERATION, progress)
        return None
    status = TaskStatus.PARTIAL_FAILURE if failed else TaskStatus.COMPLETED
    error = f"{failed} of {len(statuses)} content items failed" if failed else None
    if not await task_repo.finish_task(session, task_id, status, error=error):
        return None
    return ContentOutcome(status=status, total=len(statuses), failed=failed)


async def start_content(
    session: AsyncSession, task_id: uuid.UUID, *, progress: int = CONTENT_STARTS_AT
) -> None:
    """Content generation (a roadmap's fan-out, or a regeneration) is under way."""
    await task_repo.record_step(
        session, task_id, Step.CONTENT_GENERATION, progress, status=TaskStatus.RUNNING
    )


async def finish_regeneration(
    session: AsyncSession, task_id: uuid.UUID, failed: Collection[ContentType]
) -> TaskStatus | None:
    """Every unit of a regeneration settled: completed, or failed naming the types that
    failed. None when the task had ended already (cancelled meanwhile)."""
    final = TaskStatus.FAILED if failed else TaskStatus.COMPLETED
    error = f"failed: {', '.join(t.value for t in failed)}" if failed else None
    return final if await task_repo.finish_task(session, task_id, final, error=error) else None
