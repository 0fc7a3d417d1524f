"""Request and response bodies of /api/v1/tasks. Every input is bounded and forbids extra keys."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from waymark.events.schema import EventLevel, EventType
from waymark.roadmaps.framework import RoadmapFramework
from waymark.statuses import ContentType, ReviewDecision, Step, TaskKind, TaskStatus
from waymark.tasks.recovery import RecoveryType
from waymark.text import NON_BLANK, Text

Goal = Annotated[str, StringConstraints(min_length=3, max_length=2000, pattern=NON_BLANK)]
Language = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}$", max_length=35)
]


class Preferences(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: Literal["beginner", "intermediate", "advanced"] = "beginner"
    weekly_hours: float = Field(default=5, gt=0, le=80, description="hours the learner can give per week")
    language: Language = Field(default="en", description="BCP 47 tag of the content language")
    background: Text | None = Field(default=None, max_length=2000)
    focus: Text | None = Field(default=None, max_length=500)
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
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"task_id": "5f0c4c1e-8a52-4d4b-9b1e-0d2c6a1f7e3a", "status": "queued"}]
        }
    )

    task_id: uuid.UUID
    status: TaskStatus


class RetryAccepted(TaskAccepted):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "task_id": "5f0c4c1e-8a52-4d4b-9b1e-0d2c6a1f7e3a",
                    "status": "running",
                    "recovery_type": "retry_failed_content",
                }
            ]
        }
    )

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


class ReviewRound(BaseModel):
    round: int
    decision: ReviewDecision
    feedback: str | None
    created_at: datetime


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
    reviews: list[ReviewRound] = Field(description="the learner's earlier decisions, oldest first")
    started_at: datetime | None
    finished_at: datetime | None


class TaskList(BaseModel):
    items: list[TaskSummary]
    total: int
    status_counts: dict[str, int]


Feedback = Annotated[str, StringConstraints(min_length=1, max_length=4000, pattern=NON_BLANK)]


class ApproveReview(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"decision": "approve"}]})

    decision: Literal[ReviewDecision.APPROVE]


class EditReview(BaseModel):
    """The learner's framework replaces the proposal (checked by the same structure rules)."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal[ReviewDecision.EDIT]
    framework: RoadmapFramework
    feedback: Text | None = Field(default=None, max_length=4000)


class RejectReview(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"decision": "reject", "feedback": "Less theory, more projects"}]},
    )

    decision: Literal[ReviewDecision.REJECT]
    feedback: Feedback = Field(description="what to change")


ReviewRequest = Annotated[ApproveReview | EditReview | RejectReview, Field(discriminator="decision")]


class LogEntry(BaseModel):
    id: int = Field(description="cursor: pass as ?after= for the next page")
    event_id: str
    type: EventType
    level: EventLevel
    step: Step | None
    message: str
    data: dict[str, Any]
    created_at: datetime


class LogPage(BaseModel):
    items: list[LogEntry]
    next_after: int | None
