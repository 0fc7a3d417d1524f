"""Creating tasks and recording review decisions; enqueueing happens after commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Task
from waymark.db.repositories import tasks as task_repo
from waymark.statuses import TERMINAL_STATUSES, ReviewDecision, Step, TaskKind, TaskStatus

DEFAULT_ACTIVE_TASK_CAP = 3


class ActiveTaskLimitError(Exception):
    def __init__(self, cap: int) -> None:
        super().__init__(f"you already have {cap} active tasks; wait for one to finish or cancel one")
        self.cap = cap


class TaskStateError(Exception):
    def __init__(self, current: str, wanted: str) -> None:
        super().__init__(f"task is {current}; {wanted} is not allowed now")
        self.current = current


async def count_active(session: AsyncSession, owner_id: uuid.UUID) -> int:
    result = await session.execute(
        select(func.count())
        .select_from(Task)
        .where(Task.owner_id == owner_id, Task.status.not_in([s.value for s in TERMINAL_STATUSES]))
    )
    return int(result.scalar_one())


@dataclass(frozen=True)
class CreatedTask:
    id: uuid.UUID
    status: str


async def create_roadmap_task(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    goal: str,
    preferences: dict[str, Any],
    idempotency_key: str | None = None,
    active_cap: int = DEFAULT_ACTIVE_TASK_CAP,
) -> tuple[CreatedTask, bool]:
    """Returns (task, created). The same idempotency key returns the same task, even when
    two requests race; the per-user cap on active tasks is enforced under a user lock, by
    the insert itself (it inserts nothing when the cap is reached)."""
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(str(owner_id)))))
    if idempotency_key:
        existing = await session.execute(
            select(Task.id, Task.status).where(
                Task.owner_id == owner_id, Task.idempotency_key == idempotency_key
            )
        )
        found = existing.one_or_none()
        if found is not None:
            return CreatedTask(found.id, found.status), False
    created = await task_repo.insert_below_cap(
        session,
        owner_id=owner_id,
        goal=goal,
        preferences=preferences,
        idempotency_key=idempotency_key,
        cap=active_cap,
    )
    if created is None:
        raise ActiveTaskLimitError(active_cap)
    return CreatedTask(*created), True


async def record_review_decision(
    session: AsyncSession,
    task_id: uuid.UUID,
    *,
    decision: ReviewDecision,
    feedback: str | None = None,
    framework: dict[str, Any] | None = None,
    estimate: dict[str, Any] | None = None,
) -> None:
    """awaiting_review → running with the decision stored; exactly one of two racing
    decisions wins (the other gets TaskStateError). Enqueue the resume after commit.
    ``estimate``: the content cost the learner saw, kept to compare with the final usage."""
    review = {"decision": decision.value, "feedback": feedback, "framework": framework}
    result = await session.execute(
        update(Task)
        .where(Task.id == task_id, Task.status == TaskStatus.AWAITING_REVIEW.value)
        .values(
            status=TaskStatus.RUNNING.value,
            pending_review=review,
            lease_expires_at=None,
            lease_owner=None,
            **({"content_estimate": estimate} if estimate is not None else {}),
        )
        .returning(Task.id)
    )
    if result.scalar_one_or_none() is None:
        current = await session.scalar(select(Task.status).where(Task.id == task_id))
        raise TaskStateError(str(current), "review")


async def create_regenerate_task(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    roadmap_id: uuid.UUID,
    concept_id: str,
    content_types: list[str],
    instructions: str | None,
    active_cap: int = DEFAULT_ACTIVE_TASK_CAP,
) -> Task:
    """A task that writes new versions of some content of one concept (old versions kept)."""
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(str(owner_id)))))
    if await count_active(session, owner_id) >= active_cap:
        raise ActiveTaskLimitError(active_cap)
    task = Task(
        id=uuid.uuid4(),
        owner_id=owner_id,
        kind=TaskKind.REGENERATE.value,
        goal=f"Regenerate {', '.join(content_types)} for {concept_id}",
        preferences={"concept_id": concept_id, "content_types": content_types, "instructions": instructions},
        roadmap_id=roadmap_id,
        status=TaskStatus.QUEUED.value,
        current_step=Step.QUEUED.value,
    )
    session.add(task)
    await session.flush()
    return task
