"""Task rows → response bodies (content counts, the review proposal, the cost estimate)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from waymark.api.schemas.tasks import ContentCounts, Estimate, ReviewProposal, ReviewRound, TaskOut, Usage
from waymark.db.models import Task
from waymark.db.repositories import contents as content_repo
from waymark.db.repositories import reviews as review_repo
from waymark.db.repositories import roadmaps as roadmap_repo
from waymark.db.repositories.role_stats import role_averages
from waymark.lifecycle.estimate import estimate_content
from waymark.settings import LLMSettings
from waymark.statuses import ContentStatus, ContentType, TaskKind, TaskStatus


def requested_types(preferences: dict[str, Any]) -> list[str]:
    wanted = preferences.get("content_types") or [t.value for t in ContentType]
    return [t.value for t in ContentType if t.value in wanted]


def framework_concepts(framework: dict[str, Any]) -> int:
    return sum(len(m.get("concepts", [])) for s in framework.get("stages", []) for m in s.get("modules", []))


async def live_estimate(session: AsyncSession, task: Task, llm: LLMSettings) -> dict[str, Any] | None:
    """Content cost for the proposal under review, from the averages measured so far."""
    if not task.proposal:
        return None
    concepts = framework_concepts(task.proposal.get("framework") or {})
    return estimate_content(concepts, requested_types(task.preferences), await role_averages(session), llm)


async def _content_counts(session: AsyncSession, task: Task) -> ContentCounts | None:
    if task.roadmap_id is None or task.kind != TaskKind.ROADMAP.value:
        return None
    concepts = await roadmap_repo.count_concepts(session, task.roadmap_id)
    counts = await content_repo.latest_status_counts(session, task.roadmap_id)
    total = concepts * len(requested_types(task.preferences))
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
    awaiting = task.status == TaskStatus.AWAITING_REVIEW.value
    estimate = await live_estimate(session, task, llm) if awaiting else task.content_estimate
    return TaskOut(
        id=task.id,
        kind=TaskKind(task.kind),
        goal=task.goal,
        preferences=task.preferences,
        status=TaskStatus(task.status),
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
