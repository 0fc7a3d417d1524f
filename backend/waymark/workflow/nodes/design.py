"""intent_analysis and curriculum_design: the two generating steps before validation."""

from __future__ import annotations

import uuid
from typing import Any

from langgraph.runtime import Runtime

from waymark.db.engine import session_scope
from waymark.db.repositories import tasks as task_repo
from waymark.roadmaps.framework import ProposedFramework
from waymark.statuses import Step
from waymark.workflow import prompts
from waymark.workflow.context import WorkflowContext
from waymark.workflow.schemas import IntentAnalysis
from waymark.workflow.state import WorkflowState


async def intent_analysis(state: WorkflowState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    ctx, task_id = runtime.context, state["task_id"]
    await ctx.enter_step(task_id, Step.INTENT_ANALYSIS, 5)
    result = await ctx.llm.structured(
        "intent", prompts.intent_messages(state["goal"], state["preferences"]), IntentAnalysis
    )
    await ctx.record_usage(task_id, result, "intent")
    intent = result.output.model_dump(mode="json")
    async with session_scope(ctx.sessionmaker) as session:  # shown on the task: what Waymark understood
        await task_repo.set_intent(session, uuid.UUID(task_id), intent)
    return {"intent": intent}


async def curriculum_design(state: WorkflowState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    ctx, task_id = runtime.context, state["task_id"]
    await ctx.enter_step(task_id, Step.CURRICULUM_DESIGN, 15)
    result = await ctx.llm.structured(
        "curriculum",
        prompts.curriculum_messages(state["goal"], state["preferences"], state["intent"]),
        ProposedFramework,
    )
    await ctx.record_usage(task_id, result, "curriculum")
    return {"framework": result.output.model_dump(mode="json"), "edit_rounds": 0}
