"""Bodies of /api/v1/roadmaps and /api/v1/shared. Quiz answers never appear here."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic.config import JsonDict

from waymark.statuses import ContentStatus, ContentType
from waymark.text import NO_NUL, Text


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    return value


# A pattern on dict keys would become JSON Schema "patternProperties", which leaves
# non-matching keys unconstrained; "propertyNames" states the rule for every key.
QuestionId = Annotated[str, StringConstraints(min_length=1, max_length=32), AfterValidator(_no_nul)]
QUESTION_ID_SCHEMA: JsonDict = {"minLength": 1, "maxLength": 32, "pattern": NO_NUL}


class ContentState(BaseModel):
    status: ContentStatus
    version: int
    error: str | None = None


class ConceptSummary(BaseModel):
    concept_id: str
    title: str
    stage_id: str
    module_id: str
    position: int
    content: dict[ContentType, ContentState] = Field(description="newest version of each content type")
    completed: bool = Field(description="the learner marked it done")
    tested_out: bool = Field(
        default=False,
        description="a placement check showed it known: kept, no content generated unless you regenerate it",
    )


class RoadmapProgress(BaseModel):
    concepts: int
    completed: int
    percent: float


class RoadmapSummary(BaseModel):
    id: uuid.UUID
    title: str
    summary: str
    task_id: uuid.UUID | None
    progress: RoadmapProgress
    weekly_hours: float | None = Field(description="the learner's weekly hours, for a pace plan")
    created_at: datetime


class RoadmapList(BaseModel):
    items: list[RoadmapSummary]
    total: int


class TrashedRoadmap(RoadmapSummary):
    deleted_at: datetime
    purge_at: datetime = Field(description="when the retention job may delete it for good")


class TrashList(BaseModel):
    items: list[TrashedRoadmap]
    total: int


class RoadmapOut(RoadmapSummary):
    framework: dict[str, Any]
    concepts: list[ConceptSummary]
    share_slug: str | None
    updated_at: datetime


class ContentBody(BaseModel):
    """The newest completed version's body (``body`` is null until one exists); ``status`` and
    ``version`` describe the newest version, which may still be generating."""

    status: ContentStatus | None
    version: int | None
    body: dict[str, Any] | None


class ContentVersion(BaseModel):
    version: int
    status: ContentStatus
    error: str | None
    instructions: str | None = Field(description="the learner's instructions for a regeneration")
    body: dict[str, Any] | None = Field(description="quiz bodies carry no answers")
    created_at: datetime
    updated_at: datetime


class ContentVersionList(BaseModel):
    items: list[ContentVersion] = Field(description="newest first")


class ConceptDetail(BaseModel):
    concept_id: str
    title: str
    stage_id: str
    module_id: str
    concept: dict[str, Any] = Field(description="the framework's entry: description, hours, prerequisites…")
    tutorial: ContentBody
    resources: ContentBody
    quiz: ContentBody = Field(description="questions and options only; answers come with a graded attempt")
    completed: bool


class RegenerateRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"content_types": ["tutorial"], "instructions": "More examples"}]},
    )

    content_types: list[ContentType] = Field(
        min_length=1, max_length=3, json_schema_extra={"uniqueItems": True}
    )
    instructions: Text | None = Field(default=None, max_length=2000)

    @field_validator("content_types")
    @classmethod
    def _unique(cls, value: list[ContentType]) -> list[ContentType]:
        if len(set(value)) != len(value):
            raise ValueError("content types must not repeat")
        return value


class QuizAttemptRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"answers": {"q1": [0], "q2": [1, 3]}}]}
    )

    answers: dict[QuestionId, Annotated[list[Annotated[int, Field(ge=0, le=7)]], Field(max_length=8)]] = (
        Field(
            max_length=8,
            description="question id → the chosen option indexes",
            json_schema_extra={"propertyNames": QUESTION_ID_SCHEMA},
        )
    )


class QuestionResult(BaseModel):
    question_id: str
    correct: bool
    your_answer: list[int]
    answer: list[int]
    explanation: str


class QuizResult(BaseModel):
    attempt_id: uuid.UUID
    quiz_version: int
    correct: int
    total: int
    score: float
    results: list[QuestionResult]


class ProgressUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    completed: bool


class ProgressOut(BaseModel):
    concept_id: str
    completed: bool
    completed_at: datetime | None


class ShareOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "slug": "q3JxN2l0c1Vw8mJ1Y2VGb3JfZXhh",
                    "path": "/api/v1/shared/q3JxN2l0c1Vw8mJ1Y2VGb3JfZXhh",
                }
            ]
        }
    )

    slug: str
    path: str = Field(description="the public read-only view: GET this path, no token needed")


class SharedConcept(BaseModel):
    concept_id: str
    title: str
    tutorial: dict[str, Any] | None
    resources: dict[str, Any] | None


class SharedRoadmap(BaseModel):
    title: str
    summary: str
    framework: dict[str, Any]
    concepts: list[SharedConcept]
