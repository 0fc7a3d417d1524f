"""Task rows: progress, status transitions and usage totals.

Writes from workers may be fenced with ``attempt``: a zombie duplicate of a task
(an older attempt) then matches no row and writes nothing (DESIGN.md §3).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    Integer,
    String,
    Table,
    Text,
    Uuid,
    bindparam,
    func,
    literal,
    null,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Task
from waymark.llm.usage import Usage
from waymark.statuses import TERMINAL_STATUSES, Step, TaskStatus


async def get_task(session: AsyncSession, task_id: uuid.UUID) -> Task | None:
    return await session.get(Task, task_id)


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
    values: dict[str, Any] = {"current_step": step.value, "updated_at": datetime.now(UTC)}
    if status is not None:
        values["status"] = status.value
    statement = (
        update(Task)
        .where(Task.id == task_id, Task.status.not_in([s.value for s in TERMINAL_STATUSES]))
        .values(progress=_max_progress(progress), **values)
    )
    if attempt is not None:
        statement = statement.where(Task.attempt == attempt)
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


def _max_progress(progress: int) -> Any:
    return func.greatest(Task.progress, progress)


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
    """Set a terminal status once; a task already terminal is left as it is."""
    statement = (
        update(Task)
        .where(Task.id == task_id, Task.status.not_in([s.value for s in TERMINAL_STATUSES]))
        .values(
            status=status.value,
            error=error,
            finished_at=datetime.now(UTC),
            lease_expires_at=None,
            **(
                {"progress": 100, "current_step": Step.DONE.value}
                if status in (TaskStatus.COMPLETED, TaskStatus.PARTIAL_FAILURE)
                else {}
            ),
        )
    )
    if attempt is not None:
        statement = statement.where(Task.attempt == attempt)
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def clear_pending_review(session: AsyncSession, task_id: uuid.UUID) -> None:
    await session.execute(update(Task).where(Task.id == task_id).values(pending_review=null()))


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
        page = page.where(Task.status == status.value)
        total_query = total_query.where(Task.status == status.value)
    items = list((await session.execute(page)).scalars())
    total = int(await session.scalar(total_query) or 0)
    counts = await session.execute(select(Task.status, func.count()).where(mine).group_by(Task.status))
    return items, total, {str(name): int(count) for name, count in counts.all()}


async def park_for_review(session: AsyncSession, task_id: uuid.UUID, *, attempt: int | None) -> bool:
    """Mark the task awaiting_review — unless a decision is already stored, the task is
    terminal, or a newer attempt owns it. False when it was not parked."""
    statement = (
        update(Task)
        .where(
            Task.id == task_id,
            # no stored decision (a cleared one may be SQL NULL or JSON null)
            func.jsonb_typeof(Task.pending_review).is_distinct_from("object"),
            Task.status.not_in([s.value for s in TERMINAL_STATUSES]),
        )
        .values(
            status=TaskStatus.AWAITING_REVIEW.value,
            current_step=Step.HUMAN_REVIEW.value,
            progress=func.greatest(Task.progress, 35),
            updated_at=datetime.now(UTC),
        )
    )
    if attempt is not None:
        statement = statement.where(Task.attempt == attempt)
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


_tasks = cast(Table, Task.__table__)
_ACTIVE = text(f"status NOT IN ({', '.join(repr(s.value) for s in TERMINAL_STATUSES)})")
# Built once: the statement's cache key is computed once, not on every request.
_INSERT_BELOW_CAP = (
    insert(_tasks)
    .from_select(
        ["id", "owner_id", "goal", "preferences", "idempotency_key", "status", "current_step"],
        select(
            bindparam("id", type_=Uuid()),
            bindparam("owner_id", type_=Uuid()),
            bindparam("goal", type_=Text()),
            bindparam("preferences", type_=JSONB()),
            bindparam("idempotency_key", type_=String()),
            literal(TaskStatus.QUEUED.value, String()),
            literal(Step.QUEUED.value, String()),
        ).where(
            select(func.count())
            .select_from(_tasks)
            .where(_tasks.c.owner_id == bindparam("owner_id"), _ACTIVE)
            .scalar_subquery()
            < bindparam("cap", type_=Integer())
        ),
    )
    .returning(_tasks.c.id, _tasks.c.status)
)


async def insert_below_cap(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    goal: str,
    preferences: dict[str, Any],
    idempotency_key: str | None,
    cap: int,
) -> tuple[uuid.UUID, str] | None:
    """Insert a queued task unless the owner already has ``cap`` active ones (then None).
    Run it under the owner's lock so that two inserts cannot both see room for one."""
    parameters = {
        "id": uuid.uuid4(),
        "owner_id": owner_id,
        "goal": goal,
        "preferences": preferences,
        "idempotency_key": idempotency_key,
        "cap": cap,
    }
    row = (await session.execute(_INSERT_BELOW_CAP, parameters)).one_or_none()
    return None if row is None else (row.id, row.status)
