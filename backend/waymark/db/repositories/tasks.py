"""Task rows: reads, progress, usage totals, and the workers' status writes.

Writes from workers may be fenced with ``attempt``: a zombie duplicate of a task (an older
attempt) then matches no row and writes nothing (docs/architecture.md, durable execution).
The learner's transitions (create, review, cancel, retry) are in ``task_transitions``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, null, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Task
from waymark.llm.usage import Usage
from waymark.statuses import TERMINAL_STATUSES, Step, TaskStatus

RUNNABLE_STATUSES = (TaskStatus.QUEUED, TaskStatus.RUNNING)


def is_active() -> ColumnElement[bool]:
    """Not terminal: queued, running or awaiting review (what the active-task cap counts)."""
    return Task.status.not_in(TERMINAL_STATUSES)


def is_runnable() -> ColumnElement[bool]:
    """Queued or running: a worker may claim it (awaiting review waits for the learner)."""
    return Task.status.in_(RUNNABLE_STATUSES)


async def get_task(session: AsyncSession, task_id: uuid.UUID) -> Task | None:
    return await session.get(Task, task_id)


async def get_owned_task(session: AsyncSession, owner_id: uuid.UUID, task_id: uuid.UUID) -> Task | None:
    """The task if ``owner_id`` owns it; None for a stranger's id exactly like a missing one."""
    return await session.scalar(select(Task).where(Task.id == task_id, Task.owner_id == owner_id))


async def lock_task(session: AsyncSession, task_id: uuid.UUID) -> Task | None:
    """The task row, locked until the transaction ends (transitions decide on it)."""
    return await session.scalar(
        select(Task).where(Task.id == task_id).with_for_update().execution_options(populate_existing=True)
    )


async def status_of(session: AsyncSession, task_id: uuid.UUID) -> TaskStatus | None:
    return await session.scalar(select(Task.status).where(Task.id == task_id))


async def create_task(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    goal: str,
    preferences: dict[str, Any],
    **extra: Any,
) -> Task:
    task = Task(id=uuid.uuid4(), owner_id=owner_id, goal=goal, preferences=preferences, **extra)
    session.add(task)
    await session.flush()
    return task


def _not_terminal(task_id: uuid.UUID, attempt: int | None) -> list[ColumnElement[bool]]:
    where = [Task.id == task_id, is_active()]
    if attempt is not None:
        where.append(Task.attempt == attempt)
    return where


async def record_step(
    session: AsyncSession,
    task_id: uuid.UUID,
    step: Step,
    progress: int,
    *,
    status: TaskStatus | None = None,
    attempt: int | None = None,
) -> bool:
    """Move a non-terminal task to ``step``; progress never goes backwards. False if fenced off."""
    values: dict[str, Any] = {"current_step": step, "updated_at": datetime.now(UTC)}
    if status is not None:
        values["status"] = status
    result = await session.execute(
        update(Task)
        .where(*_not_terminal(task_id, attempt))
        .values(progress=func.greatest(Task.progress, progress), **values)
    )
    return bool(getattr(result, "rowcount", 0))


async def add_usage(session: AsyncSession, task_id: uuid.UUID, usage: Usage) -> None:
    """Add the LLM calls, tokens and cost of some work to the task's totals."""
    await session.execute(
        update(Task)
        .where(Task.id == task_id)
        .values(
            llm_calls=Task.llm_calls + usage.calls,
            prompt_tokens=Task.prompt_tokens + usage.prompt_tokens,
            completion_tokens=Task.completion_tokens + usage.completion_tokens,
            cost_usd=Task.cost_usd + Decimal(str(usage.cost_usd)),
        )
    )


async def set_roadmap(session: AsyncSession, task_id: uuid.UUID, roadmap_id: uuid.UUID) -> None:
    await session.execute(update(Task).where(Task.id == task_id).values(roadmap_id=roadmap_id))


async def finish_task(
    session: AsyncSession,
    task_id: uuid.UUID,
    status: TaskStatus,
    *,
    error: str | None = None,
    attempt: int | None = None,
) -> bool:
    """Set a terminal status once; a task already terminal is left as it is. True if this
    call finished it (the caller then announces the end, exactly once)."""
    done = status in (TaskStatus.COMPLETED, TaskStatus.PARTIAL_FAILURE)
    result = await session.execute(
        update(Task)
        .where(*_not_terminal(task_id, attempt))
        .values(
            status=status,
            error=error,
            finished_at=datetime.now(UTC),
            lease_expires_at=None,
            lease_owner=None,
            **({"progress": 100, "current_step": Step.DONE} if done else {}),
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def clear_pending_review(session: AsyncSession, task_id: uuid.UUID) -> None:
    await session.execute(update(Task).where(Task.id == task_id).values(pending_review=null()))


async def set_intent(session: AsyncSession, task_id: uuid.UUID, intent: dict[str, Any]) -> None:
    """What the workflow understood of the learner's goal (intent analysis)."""
    await session.execute(update(Task).where(Task.id == task_id).values(intent=intent))


async def set_proposal(session: AsyncSession, task_id: uuid.UUID, proposal: dict[str, Any]) -> None:
    """The framework and validation summary the learner is asked to review."""
    await session.execute(update(Task).where(Task.id == task_id).values(proposal=proposal))


async def list_owned(
    session: AsyncSession, owner_id: uuid.UUID, *, status: TaskStatus | None, limit: int, offset: int
) -> tuple[list[Task], int, dict[str, int]]:
    """A page of the owner's tasks (newest first), the total matching, and counts per status."""
    mine = Task.owner_id == owner_id
    page = select(Task).where(mine).order_by(Task.created_at.desc(), Task.id).limit(limit).offset(offset)
    total_query = select(func.count()).select_from(Task).where(mine)
    if status is not None:
        page = page.where(Task.status == status)
        total_query = total_query.where(Task.status == status)
    items = list((await session.execute(page)).scalars())
    total = int(await session.scalar(total_query) or 0)
    counts = await session.execute(select(Task.status, func.count()).where(mine).group_by(Task.status))
    return items, total, {str(name): int(count) for name, count in counts.all()}


async def park_for_review(session: AsyncSession, task_id: uuid.UUID, *, attempt: int | None) -> bool:
    """Mark the task awaiting_review and release the run's lease — unless a decision is
    already stored, the task is terminal, or a newer attempt owns it. False when it was not
    parked. The only statement that writes awaiting_review."""
    result = await session.execute(
        update(Task)
        .where(
            *_not_terminal(task_id, attempt),
            # no stored decision (a cleared one may be SQL NULL or JSON null)
            func.jsonb_typeof(Task.pending_review).is_distinct_from("object"),
        )
        .values(
            status=TaskStatus.AWAITING_REVIEW,
            current_step=Step.HUMAN_REVIEW,
            progress=func.greatest(Task.progress, 35),
            updated_at=datetime.now(UTC),
            lease_owner=None,
            lease_expires_at=None,
        )
    )
    return bool(getattr(result, "rowcount", 0))


async def finished_since(session: AsyncSession, since: datetime) -> list[uuid.UUID]:
    """Terminal tasks that finished after ``since``."""
    rows = await session.execute(
        select(Task.id).where(Task.status.in_(TERMINAL_STATUSES), Task.finished_at >= since)
    )
    return list(rows.scalars())


async def finished_before(session: AsyncSession, cutoff: datetime) -> list[uuid.UUID]:
    """Terminal tasks that finished before ``cutoff`` (their checkpoints can go)."""
    rows = await session.execute(
        select(Task.id).where(Task.status.in_(TERMINAL_STATUSES), Task.finished_at < cutoff)
    )
    return list(rows.scalars())
