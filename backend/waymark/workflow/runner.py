"""Run, resume and recover one task's graph (thread_id = task_id), in the current loop."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal

import structlog
from langchain_core.runnables import RunnableConfig
from langgraph.types import Command
from pydantic import ValidationError

from waymark.db.engine import session_scope
from waymark.db.repositories import tasks as task_repo
from waymark.events.schema import EventType
from waymark.llm.errors import LLMError
from waymark.statuses import Step
from waymark.tasks import runs
from waymark.workflow.checkpointer import open_checkpointer
from waymark.workflow.context import WorkflowContext, WorkflowStoppedError
from waymark.workflow.graph import build_graph
from waymark.workflow.state import ReviewDecisionState, WorkflowState

log = structlog.get_logger(__name__)

Outcome = Literal["awaiting_review", "review_pending", "handed_off", "stopped", "failed"]


@dataclass(frozen=True)
class RunResult:
    outcome: Outcome
    error: str | None = None


def thread_config(task_id: str) -> RunnableConfig:
    return {"configurable": {"thread_id": task_id}}


async def initial_state(ctx: WorkflowContext, task_id: str) -> WorkflowState:
    async with session_scope(ctx.sessionmaker) as session:
        task = await task_repo.get_task(session, uuid.UUID(task_id))
        if task is None:
            raise LookupError(f"task {task_id} does not exist")
        return {
            "task_id": task_id,
            "owner_id": str(task.owner_id),
            "goal": task.goal,
            "preferences": dict(task.preferences),
            "edit_rounds": 0,
            "review_rounds": 0,
            "limits": {
                "max_edit_rounds": ctx.max_edit_rounds,
                "max_review_rounds": ctx.max_review_rounds,
                "max_concepts": ctx.max_concepts,
            },
        }


async def _run(ctx: WorkflowContext, psycopg_url: str, task_id: str, graph_input: Any) -> RunResult:
    structlog.contextvars.bind_contextvars(task_id=task_id, attempt=ctx.attempt)
    async with open_checkpointer(psycopg_url) as saver:
        graph = build_graph(saver)
        config = thread_config(task_id)
        try:
            await graph.ainvoke(graph_input, config, context=ctx)
        except WorkflowStoppedError:
            log.info("workflow.stopped")
            return RunResult("stopped")
        except (LLMError, ValidationError) as error:
            return await _fail(ctx, task_id, error)
        snapshot = await graph.aget_state(config)
    if snapshot.interrupts:
        return await _park_for_review(ctx, task_id)
    log.info("workflow.handed_off")
    return RunResult("handed_off")


async def _park_for_review(ctx: WorkflowContext, task_id: str) -> RunResult:
    """The graph waits at the interrupt: park the task as awaiting_review and give up its
    lease (the one place that status is written), unless the learner already answered (a
    decision can land while the run reaches its interrupt); then the caller resumes with it
    at once. Listeners hear of the review only once it can be decided."""
    async with session_scope(ctx.sessionmaker) as session:
        proposal = await runs.park_for_review(session, uuid.UUID(task_id), attempt=ctx.attempt)
    if proposal is None:
        return RunResult("review_pending")
    await ctx.publisher.publish(
        task_id,
        EventType.REVIEW_REQUIRED,
        step=Step.HUMAN_REVIEW.value,
        data={"review_round": proposal.get("round"), "validation": proposal.get("validation")},
    )
    log.info("workflow.awaiting_review")
    return RunResult("awaiting_review")


async def _fail(ctx: WorkflowContext, task_id: str, error: Exception) -> RunResult:
    message = f"{type(error).__name__}: {error}"[:2000]
    log.error("workflow.failed", error=message)
    async with session_scope(ctx.sessionmaker) as session:
        await runs.fail(session, uuid.UUID(task_id), message, attempt=ctx.attempt)
    await ctx.publisher.publish(task_id, EventType.FAILED, level="error", message=message)
    return RunResult("failed", message)


async def start(ctx: WorkflowContext, psycopg_url: str, task_id: str) -> RunResult:
    return await _run(ctx, psycopg_url, task_id, await initial_state(ctx, task_id))


async def resume_after_review(
    ctx: WorkflowContext, psycopg_url: str, task_id: str, decision: ReviewDecisionState
) -> RunResult:
    return await _run(ctx, psycopg_url, task_id, Command(resume=dict(decision)))


async def resume_from_checkpoint(ctx: WorkflowContext, psycopg_url: str, task_id: str) -> RunResult:
    """Continue from the last checkpoint; a task with none starts from the beginning."""
    async with open_checkpointer(psycopg_url) as saver:
        has_checkpoint = await saver.aget_tuple(thread_config(task_id)) is not None
    if not has_checkpoint:
        return await start(ctx, psycopg_url, task_id)
    return await _run(ctx, psycopg_url, task_id, None)


async def read_state(psycopg_url: str, task_id: str) -> dict[str, Any]:
    """The task's latest checkpointed state (e.g. the framework awaiting review)."""
    async with open_checkpointer(psycopg_url) as saver:
        snapshot = await build_graph(saver).aget_state(thread_config(task_id))
    return dict(snapshot.values)
