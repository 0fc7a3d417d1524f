"""One publisher interface for task events; the workflow only ever sees this."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import UTC, datetime
from typing import Any

from waymark.events.schema import EventType, TaskEvent


class EventPublisher(ABC):
    """Builds the event; subclasses decide where it goes and assign its id."""

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
            task_id=task_id,
            type=event_type,
            step=step,
            message=message,
            level=level,
            data=data or {},
            created_at=datetime.now(UTC).isoformat(),
        )
        return await self.emit(event)

    @abstractmethod
    async def emit(self, event: TaskEvent) -> TaskEvent:
        """Deliver ``event`` and return it with its id set."""


class MemoryPublisher(EventPublisher):
    """Keeps events in a list: the in-process runner's and the tests' publisher."""

    def __init__(self) -> None:
        self.events: list[TaskEvent] = []

    async def emit(self, event: TaskEvent) -> TaskEvent:
        event.id = f"{len(self.events) + 1}-0"
        self.events.append(event)
        return event

    def of_type(self, event_type: EventType) -> list[TaskEvent]:
        return [event for event in self.events if event.type is event_type]
