"""awaiting_review is written in one place, by the run once its graph has stopped at the
interrupt, together with the release of its lease: a learner who is told that a review is
waiting can decide at once, and the resume cannot run beside the run that asked (issue 15
§1.6)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fixtures.sim import Simulator, new_task
from waymark.db.models import Task
from waymark.events.publisher import MemoryPublisher
from waymark.events.schema import EventType, TaskEvent
from waymark.llm.client import LLMClient
from waymark.settings import Settings
from waymark.statuses import TaskStatus
from waymark.worker.durable import claimed_run
from waymark.workflow import runner
from waymark.workflow.context import WorkflowContext


class WatchingPublisher(MemoryPublisher):
    """Reads the task row at the moment each review is announced, as a learner's client would."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        super().__init__()
        self.sessionmaker = sessionmaker
        self.seen: list[tuple[TaskStatus, str | None]] = []

    async def emit(self, event: TaskEvent) -> TaskEvent:
        if event.type is EventType.REVIEW_REQUIRED:
            async with self.sessionmaker() as session:
                task = await session.get(Task, uuid.UUID(event.task_id))
                assert task is not None
                self.seen.append((task.status, task.lease_owner))
        return await super().emit(event)


async def test_a_review_is_announced_only_once_the_run_has_parked_the_task_and_let_it_go(
    llm: LLMClient, sim: Simulator, sim_settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    task_id = await new_task(sessionmaker)
    publisher = WatchingPublisher(sessionmaker)
    async with claimed_run(sessionmaker, uuid.UUID(task_id), lease_s=30) as attempt:
        assert attempt == 1
        ctx = WorkflowContext(llm=llm, sessionmaker=sessionmaker, publisher=publisher, attempt=attempt)
        result = await runner.start(ctx, sim_settings.db.psycopg_url, task_id)
    assert result.outcome == "awaiting_review"
    # One announcement, and at that moment: awaiting review, no run holding the task.
    assert publisher.seen == [(TaskStatus.AWAITING_REVIEW, None)]
