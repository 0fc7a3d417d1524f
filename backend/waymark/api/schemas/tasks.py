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
from waymark.text import NON_BLANK, NonBlankText, Text

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
    placement_id: uuid.UUID | None = Field(
        default=None,
        description="a submitted placement check: its verified level, known concepts and gaps feed "
        "the intent; the concepts it shows known are tested out (no content generated)",
    )


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
    tested_out: int = Field(default=0, description="concepts a placement check showed known: not generated")
    saved_cost_usd: float = Field(default=0.0, description="what leaving the tested-out concepts out saves")


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
    wrong_assumption: str | None = None
    created_at: datetime


class UnderstoodIntent(BaseModel):
    """What Waymark understood of the goal: the intent analysis the roadmap was built from."""

    topic: str
    level: str
    goals: list[str]
    constraints: list[str]
    focus_areas: list[str]
    assumed_knowledge: list[str] = Field(default_factory=list, description="what it took you to know")
    suggested_stages: int | None = None
    weekly_hours: float | None = None


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
    intent: UnderstoodIntent | None = Field(description="what Waymark understood of the goal, once read")
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
    wrong_assumption: NonBlankText | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="an assumption of the intent that is wrong (e.g. one of its assumed_knowledge); "
        "the next round's editor is told to stop resting on it",
    )


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


class RenamedConcept(BaseModel):
    concept_id: str
    before: str
    after: str


class RoundChanges(BaseModel):
    added: list[str] = Field(description="titles of concepts that came in")
    removed: list[str] = Field(description="titles of concepts that went")
    renamed: list[RenamedConcept]


class HistoryRound(BaseModel):
    round: int
    proposal: dict[str, Any] | None = Field(description="the framework offered in this round")
    decision: ReviewDecision | None = Field(description="null while the round awaits you")
    feedback: str | None
    wrong_assumption: str | None
    edit: dict[str, Any] | None = Field(description="your framework, when you edited")
    changes: RoundChanges | None = Field(
        description="from this proposal to your edit, or to the next round's proposal after a rejection"
    )
    decided_at: datetime | None


class TaskHistory(BaseModel):
    task_id: uuid.UUID
    rounds: list[HistoryRound]
