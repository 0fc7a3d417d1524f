from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from waymark.events.publisher import MemoryPublisher
from waymark.llm.client import LLMClient
from waymark.workflow.context import WorkflowContext


@dataclass
class HandOffs:
    calls: list[tuple[str, str]] = field(default_factory=list)

    async def __call__(self, task_id: str, roadmap_id: str) -> None:
        self.calls.append((task_id, roadmap_id))


@pytest.fixture
async def ctx(llm: LLMClient, sessionmaker: async_sessionmaker[AsyncSession]) -> WorkflowContext:
    return WorkflowContext(
        llm=llm, sessionmaker=sessionmaker, publisher=MemoryPublisher(), hand_off_content=HandOffs()
    )
