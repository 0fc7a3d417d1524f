"""request_review (the proposal), human_review (the interrupt), apply_learner_edit."""

from __future__ import annotations

import uuid
from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from waymark.db.engine import session_scope
from waymark.db.repositories import reviews as review_repo
from waymark.db.repositories import tasks as task_repo
from waymark.roadmaps.framework import RoadmapFramework
from waymark.statuses import ReviewDecision, Step
from waymark.tasks import runs
from waymark.workflow.context import WorkflowContext
from waymark.workflow.nodes.check import structure_issues
from waymark.workflow.state import ReviewDecisionState, WorkflowState


async def request_review(state: WorkflowState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """Store the proposal and move to the review step; kept apart from the interrupt so a
    resume does not run it again. The task stays running: only the run, once the graph has
    stopped at the interrupt, parks it as awaiting_review (``runner._park_for_review``), so
    no decision can be taken while this run still works on the task."""
    ctx, task_id = runtime.context, state["task_id"]
    review_round = state.get("review_rounds", 0) + 1
    proposal = {"round": review_round, "framework": state["framework"], "validation": state.get("validation")}
    async with session_scope(ctx.sessionmaker) as session:
        await ctx.enter_step(task_id, Step.HUMAN_REVIEW, 35, session=session)
        await task_repo.set_proposal(session, uuid.UUID(task_id), proposal)
    return {}


async def human_review(state: WorkflowState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    answer: ReviewDecisionState = interrupt({"task_id": state["task_id"], "awaiting": "review"})
    # Everything below runs only once the learner has answered.
    review_round = state.get("review_rounds", 0) + 1
    decision = ReviewDecision(answer["decision"])
    async with session_scope(runtime.context.sessionmaker) as session:
        await review_repo.record_review(
            session,
            task_id=uuid.UUID(state["task_id"]),
            review_round=review_round,
            decision=decision,
            feedback=answer.get("feedback"),
            framework=answer.get("framework"),
            proposal=state.get("framework"),
            wrong_assumption=answer.get("wrong_assumption"),
        )
        await runs.consume_review(session, uuid.UUID(state["task_id"]))
    update: dict[str, Any] = {"review": dict(answer), "review_rounds": review_round}
    if decision is ReviewDecision.REJECT:
        update |= {
            "feedback": answer.get("feedback") or "",
            "wrong_assumption": answer.get("wrong_assumption"),
            "edit_rounds": 0,
        }
    return update


async def apply_learner_edit(state: WorkflowState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """The learner's framework replaces ours, after the same deterministic checks."""
    del runtime
    edited = RoadmapFramework.model_validate(state["review"].get("framework")).model_dump(mode="json")
    issues = structure_issues(state, edited)
    return {
        "framework": edited,
        "validation": {"valid": not issues, "issues": issues, "quality": None, "source": "learner"},
    }
