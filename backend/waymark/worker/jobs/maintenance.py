"""Beat's jobs: recover tasks nobody is working on, persist event batches, prune old data."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import select

from waymark.db.engine import session_scope
from waymark.db.models import Task
from waymark.db.repositories import execution_logs, leases
from waymark.statuses import TERMINAL_STATUSES, Step
from waymark.worker.enqueue import send
from waymark.worker.resources import WorkerResources
from waymark.workflow.checkpointer import open_checkpointer

log = structlog.get_logger(__name__)

CONTENT_STEPS = {Step.CONTENT_GENERATION_QUEUED.value, Step.CONTENT_GENERATION.value, Step.FINALIZING.value}


def recovery_task_for(stale: leases.StaleTask) -> str:
    if stale.current_step in CONTENT_STEPS:
        return "content.generate_roadmap_content"
    if stale.current_step == Step.HUMAN_REVIEW.value:
        return "workflow.resume_after_review"  # the decision is stored on the task
    return "workflow.resume_from_checkpoint"


async def reap_stale_tasks(res: WorkerResources) -> list[str]:
    """Re-enqueue every active task whose lease expired (or that sat idle without one);
    each gets an ownerless lease of ``idle_grace_s`` so it is not re-enqueued twice."""
    grace = res.settings.celery.idle_grace_s
    async with session_scope(res.sessionmaker) as session:
        stale = await leases.find_stale(session, idle_grace_s=grace)
        for task in stale:
            await leases.reserve(session, task.id, grace_s=grace)
    for task in stale:
        name = recovery_task_for(task)
        send(name, str(task.id))
        log.warning("reaper.requeued", task_id=str(task.id), step=task.current_step, task=name)
    return [str(task.id) for task in stale]


async def write_execution_logs(res: WorkerResources, task_id: str, events: list[dict[str, Any]]) -> int:
    async with session_scope(res.sessionmaker) as session:
        if await session.get(Task, uuid.UUID(task_id)) is None:
            return 0  # the task was deleted
        return await execution_logs.write_events(session, uuid.UUID(task_id), events)


async def prune(res: WorkerResources, *, checkpoint_days: float, log_days: float) -> dict[str, int]:
    """Checkpoints of tasks finished long enough ago, and old execution logs."""
    cutoff = datetime.now(UTC) - timedelta(days=checkpoint_days)
    async with session_scope(res.sessionmaker) as session:
        finished = (
            await session.execute(
                select(Task.id).where(
                    Task.status.in_([s.value for s in TERMINAL_STATUSES]), Task.finished_at < cutoff
                )
            )
        ).scalars()
        finished_ids = [str(task_id) for task_id in finished]
        logs_removed = await execution_logs.prune_older_than(session, log_days)
    async with open_checkpointer(res.settings.db.psycopg_url) as saver:
        for task_id in finished_ids:
            await saver.adelete_thread(task_id)
    log.info("maintenance.pruned", checkpoints=len(finished_ids), logs=logs_removed)
    return {"checkpoint_threads": len(finished_ids), "execution_logs": logs_removed}
