"""/api/v1/tasks: create, list, read, review, cancel, retry, logs. Each route parses,
authorises, calls the task service and shapes the answer. Owner-scoped throughout:
another user's task answers 404 exactly like a missing one."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response, status

from waymark.api.deps import ApiUser, ReadSessionDep, SessionDep, SettingsDep, TaskCreator
from waymark.api.presenters.tasks import log_page, task_body
from waymark.api.responses import RATE_LIMITED
from waymark.api.schemas.tasks import (
    EditReview,
    LogPage,
    Preferences,
    RetryAccepted,
    ReviewRequest,
    TaskAccepted,
    TaskCreate,
    TaskHistory,
    TaskList,
    TaskOut,
    TaskSummary,
)
from waymark.db.repositories import execution_logs, reviews, task_reads
from waymark.db.repositories import tasks as task_repo
from waymark.learner.placement import PlacementNotFoundError
from waymark.statuses import TaskStatus
from waymark.tasks import service
from waymark.tasks.errors import ActiveTaskLimitError, TaskNotFoundError, TaskStateError
from waymark.tasks.history import Record, review_history

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])

NOT_FOUND = TaskNotFoundError.response("No such task (or not yours)")
NOT_NOW = TaskStateError.response("Not allowed in the task's current status (the body says which)")
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


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        **ActiveTaskLimitError.response("Too many active tasks, or the placement check is not submitted"),
        **PlacementNotFoundError.response("No such placement check (or not yours)"),
        **RATE_LIMITED,
    },
)
async def create_task(
    body: TaskCreate,
    response: Response,
    user: TaskCreator,
    session: SessionDep,
    settings: SettingsDep,
    idempotency_key: IdempotencyKey = "",
) -> TaskAccepted:
    """Start a roadmap: 202 with the task id; follow it with GET, the events stream or the WebSocket."""
    task_id, task_status, created = await service.create_roadmap_task(
        session,
        owner_id=user.id,
        goal=body.goal.strip(),
        preferences=body.preferences.model_dump(mode="json", exclude_none=True, exclude_unset=True),
        defaults=Preferences().model_dump(mode="json", exclude_none=True),
        placement_id=body.placement_id,
        idempotency_key=idempotency_key or None,
        settings=settings,
    )
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return TaskAccepted(task_id=task_id, status=task_status)


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


@router.get("/{task_id}", responses=NOT_FOUND, response_model=TaskOut)
async def get_task(task_id: uuid.UUID, user: ApiUser, request: Request, settings: SettingsDep) -> Response:
    """The task in one database round trip: PostgreSQL writes the body (TaskOut)."""
    document = await task_reads.task_document(request.app.state.read_pool, task_id, user.id)
    if document is None:
        raise TaskNotFoundError
    return Response(task_body(document, settings.llm), media_type="application/json")


@router.post(
    "/{task_id}/review",
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        **NOT_FOUND,
        **TaskStateError.response("Not awaiting review, or the proposal is over the concept limit"),
    },
)
async def review_task(
    task_id: uuid.UUID, body: ReviewRequest, user: ApiUser, session: SessionDep, settings: SettingsDep
) -> TaskAccepted:
    """approve, edit (the learner's framework replaces ours) or reject with feedback."""
    task = await service.get_owned(session, user.id, task_id)
    await service.review(
        session,
        task,
        decision=body.decision,
        framework=body.framework.model_dump(mode="json") if isinstance(body, EditReview) else None,
        feedback=getattr(body, "feedback", None),
        settings=settings,
        wrong_assumption=getattr(body, "wrong_assumption", None),
    )
    return TaskAccepted(task_id=task.id, status=TaskStatus.RUNNING)


@router.post("/{task_id}/cancel", status_code=status.HTTP_202_ACCEPTED, responses={**NOT_FOUND, **NOT_NOW})
async def cancel_task(task_id: uuid.UUID, user: ApiUser, session: SessionDep) -> TaskAccepted:
    """Stop the task in any non-terminal state; content already generated is kept."""
    await service.cancel(session, await service.get_owned(session, user.id, task_id))
    return TaskAccepted(task_id=task_id, status=TaskStatus.CANCELLED)


@router.post(
    "/{task_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    responses={**NOT_FOUND, **NOT_NOW, **ActiveTaskLimitError.response(), **RATE_LIMITED},
)
async def retry_task(
    task_id: uuid.UUID, user: TaskCreator, session: SessionDep, settings: SettingsDep
) -> RetryAccepted:
    """Continue a failed, partially failed or cancelled task: same task id and roadmap, the
    reviewed framework and finished content kept; never a start from scratch."""
    plan = await service.retry(session, await service.get_owned(session, user.id, task_id), settings)
    return RetryAccepted(task_id=task_id, status=plan.status, recovery_type=plan.type)


@router.get("/{task_id}/logs", responses=NOT_FOUND)
async def task_logs(
    task_id: uuid.UUID,
    user: ApiUser,
    session: ReadSessionDep,
    after: Annotated[int, Query(ge=0, le=2**63 - 1, description="the last entry id you have")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> LogPage:
    task = await service.get_owned(session, user.id, task_id)
    return log_page(await execution_logs.page(session, task.id, after=after, limit=limit))


@router.get("/{task_id}/history", responses=NOT_FOUND)
async def task_history(task_id: uuid.UUID, user: ApiUser, session: ReadSessionDep) -> TaskHistory:
    """Each review round: the proposal, your edit or feedback (and the assumption you said was
    wrong), and what changed — added, removed and renamed concepts."""
    task = await service.get_owned(session, user.id, task_id)
    records = [
        Record(
            r.round, r.decision.value, r.feedback, r.wrong_assumption, r.framework, r.proposal, r.created_at
        )
        for r in await reviews.list_reviews(session, task.id)
    ]
    rounds = review_history(records, task.proposal)
    return TaskHistory.model_validate({"task_id": task.id, "rounds": [asdict(r) for r in rounds]})
