"""The task event vocabulary (docs/api.md, Events), shared by the live stream and execution_logs."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from waymark.statuses import Step


class EventType(StrEnum):
    STATUS = "status"
    STEP = "step"
    LOG = "log"
    REVIEW_REQUIRED = "review_required"
    CONCEPT = "concept"
    USAGE = "usage"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


TERMINAL_EVENTS = frozenset({EventType.COMPLETED, EventType.FAILED, EventType.CANCELLED})


EventLevel = Literal["info", "warning", "error"]


class TaskEvent(BaseModel):
    """One event of a task; ``id`` is assigned by the publisher (the stream entry id)."""

    # every field is present in what clients receive (the OpenAPI schema says so)
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    id: str | None = Field(default=None, description="the stream entry id; send it back as Last-Event-ID")
    task_id: str
    type: EventType
    step: Step | None = None
    message: str = ""
    level: EventLevel = "info"
    data: dict[str, Any] = Field(default_factory=dict)
    created_at: str | None = None
