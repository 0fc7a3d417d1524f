"""Task rows → response bodies (content counts, the review proposal, the cost estimate, logs)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from waymark.api.schemas.tasks import (
    ContentCounts,
    Estimate,
    LogEntry,
    LogPage,
    ReviewProposal,
    ReviewRound,
    TaskOut,
    Usage,
)
from waymark.db.models import ExecutionLog, Task
from waymark.db.repositories import contents as content_repo
from waymark.db.repositories import reviews as review_repo
from waymark.db.repositories import roadmaps as roadmap_repo
from waymark.roadmaps.framework import requested_content_types
from waymark.settings import LLMSettings
from waymark.statuses import ContentStatus, TaskKind, TaskStatus
from waymark.tasks.estimate import estimate_for_framework


async def live_estimate(session: AsyncSession, task: Task, llm: LLMSettings) -> dict[str, Any] | None:
    """Content cost for the proposal under review, from the averages measured so far."""
    if not task.proposal:
        return None
    return await estimate_for_framework(session, task.proposal.get("framework") or {}, task.preferences, llm)


async def _content_counts(session: AsyncSession, task: Task) -> ContentCounts | None:
    if task.roadmap_id is None or task.kind is not TaskKind.ROADMAP:
        return None
    concepts = await roadmap_repo.count_concepts(session, task.roadmap_id)
    counts = await content_repo.latest_status_counts(session, task.roadmap_id)
    total = concepts * len(requested_content_types(task.preferences))
    generating = counts.get(ContentStatus.GENERATING.value, 0)
    completed = counts.get(ContentStatus.COMPLETED.value, 0)
    failed = counts.get(ContentStatus.FAILED.value, 0)
    return ContentCounts(
        total=total,
        pending=max(0, total - generating - completed - failed),
        generating=generating,
        completed=completed,
        failed=failed,
    )


async def task_out(session: AsyncSession, task: Task, llm: LLMSettings) -> TaskOut:
    awaiting = task.status is TaskStatus.AWAITING_REVIEW
    estimate = await live_estimate(session, task, llm) if awaiting else task.content_estimate
    return TaskOut(
        id=task.id,
        kind=task.kind,
        goal=task.goal,
        preferences=task.preferences,
        status=task.status,
        current_step=task.current_step,
        progress=task.progress,
        roadmap_id=task.roadmap_id,
        error=task.error,
        usage=Usage(
            llm_calls=task.llm_calls,
            prompt_tokens=task.prompt_tokens,
            completion_tokens=task.completion_tokens,
            cost_usd=float(task.cost_usd),
        ),
        content=await _content_counts(session, task),
        estimate=Estimate.model_validate(estimate) if estimate else None,
        review=ReviewProposal.model_validate(task.proposal) if awaiting and task.proposal else None,
        reviews=[
            ReviewRound.model_validate(row, from_attributes=True)
            for row in await review_repo.rounds(session, task.id)
        ],
        created_at=task.created_at,
        updated_at=task.updated_at,
        started_at=task.started_at,
        finished_at=task.finished_at,
    )


def log_page(rows: Sequence[ExecutionLog]) -> LogPage:
    return LogPage(
        items=[
            LogEntry.model_validate(
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
            )
            for row in rows
        ],
        next_after=rows[-1].id if rows else None,
    )
