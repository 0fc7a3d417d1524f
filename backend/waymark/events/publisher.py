"""One publisher interface for task events; the workflow only ever sees this."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from waymark.events.schema import EventType, TaskEvent


class EventPublisher(Protocol):
    async def publish(
        self,
        task_id: str,
        event_type: EventType,
        *,
        step: str | None = None,
        message: str = "",
        level: str = "info",
        data: dict[str, Any] | None = None,
    ) -> TaskEvent: ...


class MemoryPublisher:
    """Keeps events in a list: the in-process runner's and the tests' publisher."""

    def __init__(self) -> None:
        self.events: list[TaskEvent] = []

    async def publish(
        self,
        task_id: str,
        event_type: EventType,
        *,
        step: str | None = None,
        message: str = "",
        level: str = "info",
        data: dict[str, Any] | None = None,
    ) -> TaskEvent:
        event = TaskEvent(
            id=f"{len(self.events) + 1}-0",
            task_id=task_id,
            type=event_type,
            step=step,
            message=message,
            level=level,
            data=data or {},
            created_at=datetime.now(UTC).isoformat(),
        )
        self.events.append(event)
        return event

    def of_type(self, event_type: EventType) -> list[TaskEvent]:
        return [event for event in self.events if event.type is event_type]
