"""structure_validation (deterministic rules + LLM quality review), roadmap_edit, and
refuse_framework (the end of a run whose framework still breaks the rules with no review)."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from waymark.events.schema import EventType
from waymark.llm.errors import LLMError
from waymark.roadmaps.framework import DEFAULT_MAX_CONCEPTS, ProposedFramework
from waymark.roadmaps.framework import weekly_hours as preferred_weekly_hours
from waymark.roadmaps.rules import validate_framework
from waymark.statuses import Step
from waymark.workflow import prompts
from waymark.workflow.context import WorkflowContext
from waymark.workflow.schemas import QualityReview
from waymark.workflow.state import WorkflowState


class FrameworkRulesError(LLMError):
    """The models never wrote a framework within the structure rules, and no review will
    happen (``skip_review``): like an output that stays invalid after its repair round, it
    fails the task, with the rules that broke as the reason."""

    def __init__(self, issues: list[dict[str, Any]], rounds: int) -> None:
        named = "; ".join(f"{issue['code']} ({issue['message']})" for issue in issues[:10])
        more = f"; and {len(issues) - 10} more" if len(issues) > 10 else ""
        super().__init__(
            f"the framework still breaks {len(issues)} structure rule(s) after {rounds} automatic "
            f"edit round(s), and skip_review leaves no review to fix it: {named}{more}"
        )
        self.issues = issues


def weekly_hours(state: WorkflowState) -> float:
    return preferred_weekly_hours(state["preferences"])


def structure_issues(state: WorkflowState, framework: dict[str, Any]) -> list[dict[str, Any]]:
    """The deterministic rules, with the limits this run was started with."""
    max_concepts = state.get("limits", {}).get("max_concepts", DEFAULT_MAX_CONCEPTS)
    issues = validate_framework(framework, weekly_hours(state), max_concepts=max_concepts)
    return [issue.model_dump(mode="json") for issue in issues]


async def structure_validation(state: WorkflowState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    ctx, task_id = runtime.context, state["task_id"]
    await ctx.enter_step(task_id, Step.STRUCTURE_VALIDATION, 25)
    # a checkpoint written before ids were bounded is repaired here, like a fresh proposal
    framework = ProposedFramework.model_validate(state["framework"]).model_dump(mode="json")
    issues = structure_issues(state, framework)
    result = await ctx.llm.structured(
        "validator",
        prompts.review_messages(state["goal"], framework, issues),
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
    return {"framework": framework, "validation": {"valid": valid, "issues": issues, "quality": review}}


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
            wrong_assumption=state.get("wrong_assumption"),
            intent=state.get("intent"),
        ),
        ProposedFramework,
    )
    await ctx.record_usage(task_id, result, "editor")
    return {
        "framework": result.output.model_dump(mode="json"),
        "edit_rounds": state.get("edit_rounds", 0) + 1,
        "feedback": None,
        "wrong_assumption": None,
    }


async def refuse_framework(state: WorkflowState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    """No framework that breaks a structure rule reaches content: with ``skip_review`` and the
    automatic rounds used up, the run fails here, naming the rules."""
    del runtime
    validation = state.get("validation") or {}
    raise FrameworkRulesError(validation.get("issues", []), state.get("edit_rounds", 0))
