"""The task event vocabulary (DESIGN.md §7), shared by the live stream and execution_logs."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


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


class TaskEvent(BaseModel):
    """One event of a task; ``id`` is assigned by the publisher (the stream entry id)."""

    id: str | None = None
    task_id: str
    type: EventType
    step: str | None = None
    message: str = ""
    level: str = "info"
    data: dict[str, Any] = Field(default_factory=dict)
    created_at: str | None = None
