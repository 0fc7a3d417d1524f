"""Durable execution: claim a task with attempt + lease, renew it, release it, find stale ones.

A claim bumps ``attempt``; every later write of that run is fenced with
``WHERE attempt = :mine``. A live lease held by a worker blocks other claims, so a
duplicate delivery of a message that is still being worked on does nothing. The
reaper re-enqueues tasks whose lease expired and marks a reservation (a lease with
no owner) so it does not enqueue the same task twice while the message is queued.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Task
from waymark.db.repositories.tasks import is_runnable
from waymark.statuses import Step, TaskKind, TaskStatus


def _claimable() -> ColumnElement[bool]:
    return or_(
        Task.lease_expires_at.is_(None),
        Task.lease_expires_at < func.now(),
        Task.lease_owner.is_(None),
    )


@dataclass(frozen=True)
class Claim:
    attempt: int
    since_retry: int  # attempts since the learner last retried the task: the cap counts these


async def claim(
    session: AsyncSession,
    task_id: uuid.UUID,
    *,
    owner: str,
    lease_s: float,
    steps: Collection[Step],
    durable: bool = True,
) -> Claim | None:
    """Take the task for this run; returns the new attempt, or None if it is not claimable.
    Only a task at one of ``steps`` is claimed: a workflow run never takes (nor counts an
    attempt of) a task already handed to content generation. ``durable=False`` (the stock
    Celery comparison of bench/chaos_soak.py) ignores other runs' leases."""
    result = await session.execute(
        update(Task)
        .where(
            Task.id == task_id,
            is_runnable(),
            Task.current_step.in_(steps),
            _claimable() if durable else true(),
        )
        .values(
            attempt=Task.attempt + 1,
            lease_owner=owner,
            lease_expires_at=func.now() + timedelta(seconds=lease_s),
            status=TaskStatus.RUNNING,
            started_at=func.coalesce(Task.started_at, func.now()),
        )
        .returning(Task.attempt, Task.attempt - Task.attempt_floor)
    )
    row = result.one_or_none()
    return None if row is None else Claim(attempt=row[0], since_retry=row[1])


async def renew(session: AsyncSession, task_id: uuid.UUID, *, attempt: int, lease_s: float) -> bool:
    """Heartbeat. False when this run no longer owns the task (fenced off or finished). A run
    that has just parked its task for review still owns it until it releases the lease."""
    result = await session.execute(
        update(Task)
        .where(
            Task.id == task_id,
            Task.attempt == attempt,
            or_(is_runnable(), Task.status == TaskStatus.AWAITING_REVIEW),
        )
        .values(lease_expires_at=func.now() + timedelta(seconds=lease_s))
    )
    return bool(getattr(result, "rowcount", 0))


async def release(session: AsyncSession, task_id: uuid.UUID, *, attempt: int) -> None:
    """End of this run's work (paused for review, handed off, or finished)."""
    await session.execute(
        update(Task)
        .where(Task.id == task_id, Task.attempt == attempt)
        .values(lease_expires_at=None, lease_owner=None)
    )


async def reserve(session: AsyncSession, task_id: uuid.UUID, *, grace_s: float) -> None:
    """Mark a task as re-enqueued: no owner, claimable, not re-reaped for ``grace_s``."""
    await session.execute(
        update(Task)
        .where(Task.id == task_id)
        .values(lease_owner=None, lease_expires_at=func.now() + timedelta(seconds=grace_s))
    )


@dataclass(frozen=True)
class StaleTask:
    id: uuid.UUID
    kind: TaskKind
    status: TaskStatus
    current_step: Step
    has_roadmap: bool
    has_pending_review: bool


async def find_stale(session: AsyncSession, *, idle_grace_s: float, limit: int = 100) -> list[StaleTask]:
    """Active tasks nobody is working on: an expired lease, or no lease and no progress for a while
    (for example a queued message lost with a flushed Redis). Locked until the caller commits."""
    now = datetime.now(UTC)
    expired = and_(Task.lease_expires_at.is_not(None), Task.lease_expires_at < now)
    idle = and_(Task.lease_expires_at.is_(None), Task.updated_at < now - timedelta(seconds=idle_grace_s))
    rows = await session.execute(
        select(
            Task.id,
            Task.kind,
            Task.status,
            Task.current_step,
            Task.roadmap_id.is_not(None),
            func.coalesce(func.jsonb_typeof(Task.pending_review) == "object", False),
        )
        .where(is_runnable(), or_(expired, idle))
        .order_by(Task.updated_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [StaleTask(*row) for row in rows]


async def extend_content_lease(session: AsyncSession, task_id: uuid.UUID, *, lease_s: float) -> bool:
    """Content runs as many concept tasks at once: each keeps the task's ownerless lease alive.
    False once the task is no longer running."""
    result = await session.execute(
        update(Task)
        .where(Task.id == task_id, Task.status == TaskStatus.RUNNING)
        .values(lease_owner=None, lease_expires_at=func.now() + timedelta(seconds=lease_s))
    )
    return bool(getattr(result, "rowcount", 0))
