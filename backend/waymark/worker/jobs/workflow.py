"""Workflow runs under a lease: start, resume after review, resume from checkpoint."""

from __future__ import annotations

import uuid
from typing import Literal

import structlog

from waymark.db.engine import session_scope
from waymark.db.repositories import tasks as task_repo
from waymark.statuses import ReviewDecision, TaskStatus
from waymark.worker.durable import claimed_run, task_lease_renewer
from waymark.worker.heartbeat import LeaseLostError, hold_lease
from waymark.worker.resources import WorkerResources
from waymark.workflow import runner
from waymark.workflow.context import WorkflowContext
from waymark.workflow.state import ReviewDecisionState

log = structlog.get_logger(__name__)

Mode = Literal["start", "review", "checkpoint"]
REVIEW_RETRY_S = 1.0


async def _pending_review(res: WorkerResources, task_id: uuid.UUID) -> ReviewDecisionState | None:
    """The learner's stored decision, while the task is running and has not consumed it."""
    async with session_scope(res.sessionmaker) as session:
        task = await task_repo.get_task(session, task_id)
        review = task.pending_review if task and task.status == TaskStatus.RUNNING.value else None
    if not review:
        return None
    decision: ReviewDecisionState = {"decision": ReviewDecision(review["decision"]).value}
    if review.get("feedback"):
        decision["feedback"] = review["feedback"]
    if review.get("framework"):
        decision["framework"] = review["framework"]
    if review.get("wrong_assumption"):
        decision["wrong_assumption"] = review["wrong_assumption"]
    return decision


async def run_workflow(res: WorkerResources, task_id: str, mode: Mode) -> str:
    task_uuid = uuid.UUID(task_id)
    limits = res.settings.celery
    async with claimed_run(
        res.sessionmaker,
        task_uuid,
        lease_s=limits.lease_s,
        max_attempts=limits.max_attempts,
        durable=limits.durable,
    ) as attempt:
        if attempt is None:
            if mode == "review" and await _pending_review(res, task_uuid) is not None:
                # the run holding the lease may be past the point where it looks for a decision
                await res.sender.send("workflow.resume_after_review", task_id, countdown=REVIEW_RETRY_S)
            return "not_claimed"
        ctx = WorkflowContext(
            llm=res.llm,
            sessionmaker=res.sessionmaker,
            publisher=res.publisher,
            attempt=attempt,
            max_concepts=res.settings.roadmap.max_concepts,
        )
        try:
            result = await hold_lease(
                _drive(res, ctx, task_id, mode),
                renew=task_lease_renewer(res.sessionmaker, task_uuid, attempt, limits.lease_s),
                lease_s=limits.lease_s,
                what=f"task {task_id}",
            )
        except LeaseLostError:  # a newer run owns the task: this one stops, writing nothing more
            log.warning("workflow.lease_lost", task_id=task_id)
            result = runner.RunResult("stopped")
    await res.publisher.flush(task_id)
    log.info("workflow.run.finished", task_id=task_id, mode=mode, outcome=result.outcome)
    return result.outcome


async def _drive(res: WorkerResources, ctx: WorkflowContext, task_id: str, mode: Mode) -> runner.RunResult:
    """Run the graph from where ``mode`` says, then consume a decision that arrived early."""
    psycopg_url = res.settings.db.psycopg_url
    decision = await _pending_review(res, uuid.UUID(task_id)) if mode != "start" else None
    if decision is not None:
        result = await runner.resume_after_review(ctx, psycopg_url, task_id, decision)
    elif mode == "start":
        result = await runner.start(ctx, psycopg_url, task_id)
    else:
        result = await runner.resume_from_checkpoint(ctx, psycopg_url, task_id)
    while result.outcome == "review_pending":  # answered before the graph reached its interrupt
        decision = await _pending_review(res, uuid.UUID(task_id))
        if decision is None:
            break
        result = await runner.resume_after_review(ctx, psycopg_url, task_id, decision)
    return result
