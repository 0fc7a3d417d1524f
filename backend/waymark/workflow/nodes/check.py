"""structure_validation (deterministic rules + LLM quality review) and roadmap_edit."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from waymark.events.schema import EventType
from waymark.statuses import Step
from waymark.workflow import prompts
from waymark.workflow.context import WorkflowContext
from waymark.workflow.schemas import QualityReview, RoadmapFramework
from waymark.workflow.state import WorkflowState
from waymark.workflow.validation import validate_framework


def weekly_hours(state: WorkflowState) -> float:
    return float(state["preferences"].get("weekly_hours") or 0) or 5.0


async def structure_validation(state: WorkflowState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    ctx, task_id = runtime.context, state["task_id"]
    await ctx.enter_step(task_id, Step.STRUCTURE_VALIDATION, 25)
    framework = RoadmapFramework.model_validate(state["framework"])
    issues = [issue.model_dump(mode="json") for issue in validate_framework(framework, weekly_hours(state))]
    result = await ctx.llm.structured(
        "validator",
        prompts.review_messages(state["goal"], state["framework"], issues),
        QualityReview,
    )
    await ctx.record_usage(task_id, result, "validator")
    review = result.output.model_dump(mode="json")
    valid = not issues and result.output.passed
    await ctx.publisher.publish(
        task_id,
        EventType.LOG,
        step=Step.STRUCTURE_VALIDATION.value,
        message=f"structure: {len(issues)} issue(s); quality {review.get('overall')}",
        data={"issues": issues, "quality": review, "valid": valid},
    )
    return {"validation": {"valid": valid, "issues": issues, "quality": review}}


async def roadmap_edit(state: WorkflowState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    ctx, task_id = runtime.context, state["task_id"]
    await ctx.enter_step(task_id, Step.ROADMAP_EDIT, 30)
    validation = state.get("validation") or {}
    result = await ctx.llm.structured(
        "editor",
        prompts.edit_messages(
            state["goal"],
            state["framework"],
            issues=validation.get("issues", []),
            quality=validation.get("quality"),
            learner_feedback=state.get("feedback"),
        ),
        RoadmapFramework,
    )
    await ctx.record_usage(task_id, result, "editor")
    return {
        "framework": result.output.model_dump(mode="json"),
        "edit_rounds": state.get("edit_rounds", 0) + 1,
        "feedback": None,
    }
