"""Request and response bodies of /api/v1/tasks. Every input is bounded and forbids extra keys."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from waymark.lifecycle.control import RecoveryType
from waymark.statuses import ContentType, ReviewDecision, Step, TaskKind, TaskStatus
from waymark.workflow.schemas import RoadmapFramework

Goal = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)]
Language = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}$", max_length=35)
]


class Preferences(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: Literal["beginner", "intermediate", "advanced"] = "beginner"
    weekly_hours: float = Field(default=5, gt=0, le=80, description="hours the learner can give per week")
    language: Language = Field(default="en", description="BCP 47 tag of the content language")
    background: str | None = Field(default=None, max_length=2000)
    focus: str | None = Field(default=None, max_length=500)
    content_types: list[ContentType] | None = Field(default=None, min_length=1, max_length=3)
    skip_review: bool = Field(default=False, description="go straight to content, no review pause")


class TaskCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "goal": "Learn Rust for embedded work",
                    "preferences": {"level": "intermediate", "weekly_hours": 6, "language": "en"},
                }
            ]
        },
    )

    goal: Goal
    preferences: Preferences = Field(default_factory=Preferences)


class TaskAccepted(BaseModel):
    task_id: uuid.UUID
    status: TaskStatus


class RetryAccepted(TaskAccepted):
    recovery_type: RecoveryType


class Usage(BaseModel):
    llm_calls: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float


class Estimate(BaseModel):
    basis: Literal["measured", "partly_measured", "default"]
    concepts: int
    content_types: list[ContentType]
    llm_calls: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float


class ContentCounts(BaseModel):
    total: int
    pending: int
    generating: int
    completed: int
    failed: int


class ReviewProposal(BaseModel):
    round: int
    framework: dict[str, Any]
    validation: dict[str, Any] | None


class TaskSummary(BaseModel):
    id: uuid.UUID
    kind: TaskKind
    goal: str
    status: TaskStatus
    current_step: Step
    progress: int = Field(ge=0, le=100)
    roadmap_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


class TaskOut(TaskSummary):
    preferences: dict[str, Any]
    error: str | None
    usage: Usage
    content: ContentCounts | None = Field(description="content items of the roadmap by status")
    estimate: Estimate | None = Field(
        description="content generation's expected cost: live while awaiting review, frozen at approval"
    )
    review: ReviewProposal | None = Field(description="the proposal, only while awaiting_review")
    started_at: datetime | None
    finished_at: datetime | None


class TaskList(BaseModel):
    items: list[TaskSummary]
    total: int
    status_counts: dict[str, int]


class ReviewRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"decision": "approve"},
                {"decision": "reject", "feedback": "Less theory, more hands-on projects"},
            ]
        },
    )

    decision: ReviewDecision
    framework: RoadmapFramework | None = Field(default=None, description="the edited roadmap (edit only)")
    feedback: str | None = Field(default=None, max_length=4000, description="what to change (reject)")

    @model_validator(mode="after")
    def _fields_match_decision(self) -> ReviewRequest:
        if self.decision is ReviewDecision.EDIT and self.framework is None:
            raise ValueError("an edit needs the edited framework")
        if self.decision is not ReviewDecision.EDIT and self.framework is not None:
            raise ValueError("a framework is only accepted with decision 'edit'")
        if self.decision is ReviewDecision.REJECT and not (self.feedback or "").strip():
            raise ValueError("a rejection needs feedback saying what to change")
        return self


class LogEntry(BaseModel):
    id: int = Field(description="cursor: pass as ?after= for the next page")
    event_id: str
    type: str
    level: str
    step: str | None
    message: str
    data: dict[str, Any]
    created_at: datetime


class LogPage(BaseModel):
    items: list[LogEntry]
    next_after: int | None
