"""Graph state: ids and small plain structures only (msgpack-safe, checkpointed)."""

from __future__ import annotations

from typing import Any, TypedDict


class ReviewDecisionState(TypedDict, total=False):
    decision: str  # approve | edit | reject
    feedback: str | None
    framework: dict[str, Any] | None
    wrong_assumption: str | None


class WorkflowState(TypedDict, total=False):
    task_id: str
    owner_id: str
    goal: str
    preferences: dict[str, Any]
    intent: dict[str, Any]
    framework: dict[str, Any]
    validation: dict[str, Any]
    edit_rounds: int
    review_rounds: int
    feedback: str | None
    wrong_assumption: str | None
    review: ReviewDecisionState
    roadmap_id: str
    limits: dict[str, int]
