"""/api/v1/tasks: create, list, read, review, cancel, retry, logs. Owner-scoped throughout:
another user's task answers 404 exactly like a missing one."""

from __future__ import annotations

import uuid
from typing import Annotated

import structlog
from fastapi import APIRouter, Header, HTTPException, Query, Response, status

from waymark.api.deps import (
    AnnouncerDep,
    ApiUser,
    Principal,
    QueueDep,
    ReadSessionDep,
    SessionDep,
    SettingsDep,
    TaskCreator,
)
from waymark.api.presenters.tasks import live_estimate, task_out
from waymark.api.responses import RATE_LIMITED, error
from waymark.api.schemas.tasks import (
    ApproveReview,
    EditReview,
    LogPage,
    RetryAccepted,
    ReviewRequest,
    TaskAccepted,
    TaskCreate,
    TaskList,
    TaskOut,
    TaskSummary,
)
from waymark.db.models import Task
from waymark.db.repositories import execution_logs
from waymark.db.repositories import tasks as task_repo
from waymark.db.repositories.ownership import get_owned
from waymark.events.schema import EventType
from waymark.lifecycle import control
from waymark.lifecycle.tasks import (
    create_roadmap_task,
    record_review_decision,
)
from waymark.roadmaps.rules import validate_framework
from waymark.statuses import TaskStatus

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])
log = structlog.get_logger(__name__)

NOT_FOUND = error(404, "No such task (or not yours)")
CONFLICT = error(409, "Not allowed in the task's current status")
IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="the same key returns the same task",
    ),
]


async def owned_task(session: SessionDep, user: Principal, task_id: uuid.UUID) -> Task:
    task = await get_owned(session, Task, task_id, user.id)
    if task is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Task not found")
    return task


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    responses={**error(409, "Too many active tasks"), **RATE_LIMITED},
)
async def create_task(
    body: TaskCreate,
    response: Response,
    user: TaskCreator,
    session: SessionDep,
    settings: SettingsDep,
    queue: QueueDep,
    idempotency_key: IdempotencyKey = "",
) -> TaskAccepted:
    """Start a roadmap: 202 with the task id; follow it with GET, the events stream or the WebSocket."""
    task, created = await create_roadmap_task(
        session,
        owner_id=user.id,
        goal=body.goal.strip(),
        preferences=body.preferences.model_dump(mode="json", exclude_none=True),
        idempotency_key=idempotency_key or None,
        active_cap=settings.celery.active_task_cap,
    )
    await session.commit()  # the worker reads this row: enqueue only after it is committed
    if created:
        await queue.send("workflow.generate_roadmap", str(task.id))
        log.info("task.created", task_id=str(task.id))
    else:
        response.headers["Idempotent-Replayed"] = "true"
    return TaskAccepted(task_id=task.id, status=TaskStatus(task.status))


@router.get("")
async def list_tasks(
    user: ApiUser,
    session: ReadSessionDep,
    status_filter: Annotated[TaskStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> TaskList:
    items, total, counts = await task_repo.list_owned(
        session, user.id, status=status_filter, limit=limit, offset=offset
    )
    return TaskList(
        items=[TaskSummary.model_validate(task, from_attributes=True) for task in items],
        total=total,
        status_counts=counts,
    )


@router.get("/{task_id}", responses=NOT_FOUND)
async def get_task(
    task_id: uuid.UUID, user: ApiUser, session: ReadSessionDep, settings: SettingsDep
) -> TaskOut:
    task = await owned_task(session, user, task_id)
    return await task_out(session, task, settings.llm)


@router.post("/{task_id}/review", status_code=status.HTTP_202_ACCEPTED, responses={**NOT_FOUND, **CONFLICT})
async def review_task(
    task_id: uuid.UUID,
    body: ReviewRequest,
    user: ApiUser,
    session: SessionDep,
    settings: SettingsDep,
    queue: QueueDep,
    announcer: AnnouncerDep,
) -> TaskAccepted:
    """approve, edit (the learner's framework replaces ours) or reject with feedback."""
    task = await owned_task(session, user, task_id)
    framework = body.framework.model_dump(mode="json") if isinstance(body, EditReview) else None
    if framework is not None:
        weekly = float(task.preferences.get("weekly_hours") or 5)
        issues = validate_framework(framework, weekly, max_concepts=settings.roadmap.max_concepts)
        if issues:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                detail=[
                    {"loc": ["body", "framework", *i.loc], "msg": i.message, "type": i.code} for i in issues
                ],
            )
    estimate = await live_estimate(session, task, settings.llm)
    await record_review_decision(
        session,
        task.id,
        decision=body.decision,
        feedback=None if isinstance(body, ApproveReview) else body.feedback,
        framework=framework,
        estimate=estimate,
    )
    await session.commit()
    await queue.send("workflow.resume_after_review", str(task.id))
    await announcer.announce(
        str(task.id), EventType.STATUS, data={"status": "running", "decision": body.decision.value}
    )
    return TaskAccepted(task_id=task.id, status=TaskStatus.RUNNING)


@router.post("/{task_id}/cancel", status_code=status.HTTP_202_ACCEPTED, responses={**NOT_FOUND, **CONFLICT})
async def cancel_task(
    task_id: uuid.UUID, user: ApiUser, session: SessionDep, announcer: AnnouncerDep
) -> TaskAccepted:
    """Stop the task in any non-terminal state; content already generated is kept."""
    task = await owned_task(session, user, task_id)
    previous = await control.cancel_task(session, task.id)
    await session.commit()
    await announcer.announce(
        str(task.id), EventType.CANCELLED, message="cancelled by the learner", data={"previous": previous}
    )
    return TaskAccepted(task_id=task.id, status=TaskStatus.CANCELLED)


@router.post("/{task_id}/retry", status_code=status.HTTP_202_ACCEPTED, responses={**NOT_FOUND, **CONFLICT})
async def retry_task(
    task_id: uuid.UUID,
    user: ApiUser,
    session: SessionDep,
    settings: SettingsDep,
    queue: QueueDep,
    announcer: AnnouncerDep,
) -> RetryAccepted:
    """Continue a failed, partially failed or cancelled task: same task id and roadmap, the
    reviewed framework and finished content kept; never a start from scratch."""
    task = await owned_task(session, user, task_id)
    plan = await control.retry_task(session, task.id, grace_s=settings.celery.idle_grace_s)
    await session.commit()
    await queue.send(plan.task_name, str(task.id))
    await announcer.announce(
        str(task.id),
        EventType.STATUS,
        data={"status": plan.status.value, "recovery_type": plan.recovery_type.value},
    )
    return RetryAccepted(task_id=task.id, status=plan.status, recovery_type=plan.recovery_type)


@router.get("/{task_id}/logs", responses=NOT_FOUND)
async def task_logs(
    task_id: uuid.UUID,
    user: ApiUser,
    session: ReadSessionDep,
    after: Annotated[int, Query(ge=0, le=2**63 - 1, description="the last entry id you have")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> LogPage:
    task = await owned_task(session, user, task_id)
    rows = await execution_logs.page(session, task.id, after=after, limit=limit)
    items = [
        {
            "id": row.id,
            "event_id": row.event_id,
            "type": row.event_type,
            "level": row.level,
            "step": row.step,
            "message": row.message,
            "data": row.data,
            "created_at": row.created_at,
        }
        for row in rows
    ]
    return LogPage.model_validate({"items": items, "next_after": rows[-1].id if rows else None})
