"""What every node needs at run time, created inside the event loop that runs the graph."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from waymark.db.engine import session_scope
from waymark.db.repositories import role_stats
from waymark.db.repositories import tasks as task_repo
from waymark.events.publisher import EventPublisher
from waymark.events.schema import EventType
from waymark.llm.client import LLMClient, LLMResult
from waymark.roadmaps.framework import DEFAULT_MAX_CONCEPTS
from waymark.statuses import Step
from waymark.tasks import runs


class WorkflowStoppedError(Exception):
    """The task is terminal (e.g. cancelled) or owned by a newer attempt."""


@dataclass
class WorkflowContext:
    llm: LLMClient
    sessionmaker: async_sessionmaker[AsyncSession]
    publisher: EventPublisher
    attempt: int | None = None
    max_edit_rounds: int = 3
    max_review_rounds: int = 5
    max_concepts: int = DEFAULT_MAX_CONCEPTS
    node_calls: dict[str, int] = field(default_factory=dict)

    async def enter_step(
        self, task_id: str, step: Step, progress: int, *, session: AsyncSession | None = None
    ) -> None:
        """Record the step (fenced by attempt) and tell listeners. A task that was
        cancelled, or taken over by a newer attempt, stops here: a node boundary.
        Pass ``session`` to record it in the caller's transaction."""
        self.node_calls[step.value] = self.node_calls.get(step.value, 0) + 1
        if session is None:
            async with session_scope(self.sessionmaker) as own_session:
                moved = await runs.enter_step(
                    own_session, uuid.UUID(task_id), step, progress, attempt=self.attempt
                )
        else:
            moved = await runs.enter_step(session, uuid.UUID(task_id), step, progress, attempt=self.attempt)
        if not moved:
            raise WorkflowStoppedError(task_id)
        await self.publisher.publish(task_id, EventType.STEP, step=step.value, data={"progress": progress})

    async def record_usage(self, task_id: str, result: LLMResult[Any], role: str) -> None:
        usage = result.usage
        async with session_scope(self.sessionmaker) as session:
            await task_repo.add_usage(session, uuid.UUID(task_id), usage)
            await role_stats.record_role_usage(session, role, usage)
        await self.publisher.publish(
            task_id,
            EventType.USAGE,
            data={
                "role": role,
                "calls": usage.calls,
                "prompt_tokens": usage.prompt_tokens,
                "completion_tokens": usage.completion_tokens,
                "cost_usd": usage.cost_usd,
            },
        )
