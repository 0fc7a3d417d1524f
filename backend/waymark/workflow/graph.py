"""The roadmap graph (docs/architecture.md §4).

intent_analysis → curriculum_design → structure_validation
  ⇄ roadmap_edit (while invalid and automatic rounds remain)
  → request_review → human_review (interrupt)
      approve → content_handoff → END   (back to request_review if the proposal breaks a rule)
      edit    → apply_learner_edit → content_handoff → END
      reject  → roadmap_edit → structure_validation → request_review …
  → with skip_review: content_handoff, or refuse_framework (the task fails) if a rule is broken

No framework that breaks a structure rule reaches content_handoff, with or without review.
"""

from __future__ import annotations

from typing import Literal

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from waymark.workflow.context import WorkflowContext
from waymark.workflow.nodes.check import refuse_framework, roadmap_edit, structure_validation
from waymark.workflow.nodes.design import curriculum_design, intent_analysis
from waymark.workflow.nodes.handoff import content_handoff
from waymark.workflow.nodes.review import apply_learner_edit, human_review, request_review
from waymark.workflow.state import WorkflowState

DEFAULT_MAX_EDIT_ROUNDS = 3
DEFAULT_MAX_REVIEW_ROUNDS = 5


def breaks_rules(state: WorkflowState) -> bool:
    """Does the framework break a deterministic structure rule? (A low quality score alone
    does not stop a framework: the review is the model's opinion.)"""
    return bool((state.get("validation") or {}).get("issues"))


def after_validation(
    state: WorkflowState,
) -> Literal["roadmap_edit", "request_review", "content_handoff", "refuse_framework"]:
    limits = state.get("limits", {})
    validation = state.get("validation") or {}
    if not validation.get("valid") and state.get("edit_rounds", 0) < limits.get(
        "max_edit_rounds", DEFAULT_MAX_EDIT_ROUNDS
    ):
        return "roadmap_edit"
    if state["preferences"].get("skip_review"):
        return "refuse_framework" if breaks_rules(state) else "content_handoff"
    return "request_review"


def after_review(
    state: WorkflowState,
) -> Literal["content_handoff", "apply_learner_edit", "roadmap_edit", "request_review"]:
    decision = state["review"]["decision"]
    if decision == "approve":  # the task service refuses such an approve; this is the backstop
        return "request_review" if breaks_rules(state) else "content_handoff"
    if decision == "edit":
        return "apply_learner_edit"
    max_rounds = state.get("limits", {}).get("max_review_rounds", DEFAULT_MAX_REVIEW_ROUNDS)
    if state.get("review_rounds", 0) <= max_rounds:
        return "roadmap_edit"
    return "request_review"  # rejection rounds used up: the learner must approve or edit


def after_learner_edit(state: WorkflowState) -> Literal["content_handoff", "request_review"]:
    return "content_handoff" if state["validation"]["valid"] else "request_review"


def build_graph(
    checkpointer: BaseCheckpointSaver[str] | None,
) -> CompiledStateGraph[WorkflowState, WorkflowContext, WorkflowState, WorkflowState]:
    builder = StateGraph(WorkflowState, context_schema=WorkflowContext)
    builder.add_node("intent_analysis", intent_analysis)
    builder.add_node("curriculum_design", curriculum_design)
    builder.add_node("structure_validation", structure_validation)
    builder.add_node("roadmap_edit", roadmap_edit)
    builder.add_node("request_review", request_review)
    builder.add_node("human_review", human_review)
    builder.add_node("apply_learner_edit", apply_learner_edit)
    builder.add_node("content_handoff", content_handoff)
    builder.add_node("refuse_framework", refuse_framework)

    builder.add_edge(START, "intent_analysis")
    builder.add_edge("intent_analysis", "curriculum_design")
    builder.add_edge("curriculum_design", "structure_validation")
    builder.add_conditional_edges("structure_validation", after_validation)
    builder.add_edge("roadmap_edit", "structure_validation")
    builder.add_edge("request_review", "human_review")
    builder.add_conditional_edges("human_review", after_review)
    builder.add_conditional_edges("apply_learner_edit", after_learner_edit)
    builder.add_edge("content_handoff", END)
    builder.add_edge("refuse_framework", END)
    return builder.compile(checkpointer=checkpointer)
