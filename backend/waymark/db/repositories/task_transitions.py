"""The learner's transitions of a task, each one conditional SQL statement: create under the
active-task cap, store a review decision, cancel, reopen for a retry. The task service
decides which to run; these only say whether the row allowed it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import Integer, String, Table, Text, Uuid, bindparam, func, literal, select, text, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Task
from waymark.db.repositories.tasks import is_active
from waymark.statuses import TERMINAL_STATUSES, Step, TaskKind, TaskStatus


async def lock_owner(session: AsyncSession, owner_id: uuid.UUID) -> None:
    """Serialise one user's task creations until the transaction ends (the cap and the
    idempotency key are then decided without a race)."""
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(str(owner_id)))))


async def find_by_idempotency_key(
    session: AsyncSession, owner_id: uuid.UUID, key: str
) -> tuple[uuid.UUID, TaskStatus] | None:
    row = (
        await session.execute(
            select(Task.id, Task.status).where(Task.owner_id == owner_id, Task.idempotency_key == key)
        )
    ).one_or_none()
    return None if row is None else (row.id, row.status)


async def count_active(session: AsyncSession, owner_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count()).select_from(Task).where(Task.owner_id == owner_id, is_active())
    )
    return int(count or 0)


_tasks = cast(Table, Task.__table__)
_ACTIVE_SQL = text(f"status NOT IN ({', '.join(repr(s.value) for s in TERMINAL_STATUSES)})")
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
            .where(_tasks.c.owner_id == bindparam("owner_id"), _ACTIVE_SQL)
            .scalar_subquery()
            < bindparam("cap", type_=Integer())
        ),
    )
    .returning(_tasks.c.id)
)


async def insert_below_cap(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    goal: str,
    preferences: dict[str, Any],
    idempotency_key: str | None,
    cap: int,
) -> uuid.UUID | None:
    """Insert a queued roadmap task unless the owner already has ``cap`` active ones (then
    None). Run it under ``lock_owner`` so that two inserts cannot both see room for one."""
    parameters = {
        "id": uuid.uuid4(),
        "owner_id": owner_id,
        "goal": goal,
        "preferences": preferences,
        "idempotency_key": idempotency_key,
        "cap": cap,
    }
    created: uuid.UUID | None = (await session.execute(_INSERT_BELOW_CAP, parameters)).scalar_one_or_none()
    return created


async def insert_regeneration(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    roadmap_id: uuid.UUID,
    goal: str,
    preferences: dict[str, Any],
) -> uuid.UUID:
    task = Task(
        id=uuid.uuid4(),
        owner_id=owner_id,
        kind=TaskKind.REGENERATE,
        goal=goal,
        preferences=preferences,
        roadmap_id=roadmap_id,
        status=TaskStatus.QUEUED,
        current_step=Step.QUEUED,
    )
    session.add(task)
    await session.flush()
    return task.id


async def store_review_decision(
    session: AsyncSession, task_id: uuid.UUID, review: dict[str, Any], estimate: dict[str, Any] | None
) -> bool:
    """awaiting_review → running with the decision stored (and the content estimate frozen).
    False when the task was not awaiting review: of two racing decisions one wins. No lease
    is touched: the run that parked the task gave its lease up when it parked it."""
    result = await session.execute(
        update(Task)
        .where(Task.id == task_id, Task.status == TaskStatus.AWAITING_REVIEW)
        .values(
            status=TaskStatus.RUNNING,
            pending_review=review,
            **({"content_estimate": estimate} if estimate is not None else {}),
        )
        .returning(Task.id)
    )
    return result.scalar_one_or_none() is not None


_CANCELLED = {
    "status": TaskStatus.CANCELLED,
    "finished_at": func.now(),
    "lease_owner": None,
    "lease_expires_at": None,
}


async def cancel(session: AsyncSession, task_id: uuid.UUID) -> bool:
    """Any non-terminal task → cancelled. False when it was terminal already."""
    result = await session.execute(
        update(Task).where(Task.id == task_id, is_active()).values(**_CANCELLED).returning(Task.id)
    )
    return result.scalar_one_or_none() is not None


async def cancel_for_roadmap(session: AsyncSession, roadmap_id: uuid.UUID) -> list[uuid.UUID]:
    """Cancel every active task that writes to this roadmap (before it is deleted)."""
    result = await session.execute(
        update(Task).where(Task.roadmap_id == roadmap_id, is_active()).values(**_CANCELLED).returning(Task.id)
    )
    return list(result.scalars())


async def reopen(
    session: AsyncSession, task_id: uuid.UUID, *, status: TaskStatus, step: Step | None, grace_s: float
) -> None:
    """A retried task is active again: same id and roadmap, error cleared, the attempt cap
    counted afresh. The attempt is bumped, so a run of before the cancel or failure that is
    still going is fenced off at its next write, even before the retry's own run claims the
    task. Its ownerless lease of ``grace_s`` lets the reaper recover a lost job."""
    await session.execute(
        update(Task)
        .where(Task.id == task_id)
        .values(
            status=status,
            current_step=step or Task.current_step,
            error=None,
            finished_at=None,
            attempt=Task.attempt + 1,
            attempt_floor=Task.attempt + 1,
            lease_owner=None,
            lease_expires_at=func.now() + timedelta(seconds=grace_s),
        )
    )


async def roadmap_generation_active(session: AsyncSession, roadmap_id: uuid.UUID) -> bool:
    """Is the roadmap's own content generation still running?"""
    busy = (
        select(Task.id)
        .where(Task.roadmap_id == roadmap_id, Task.kind == TaskKind.ROADMAP, is_active())
        .exists()
    )
    return bool(await session.scalar(select(busy)))
