"""Run by test_resume as a separate OS process: start one task's graph (then get killed)."""

from __future__ import annotations

import asyncio
import sys

import redis.asyncio as aioredis

from waymark.db.engine import create_engine, create_sessionmaker
from waymark.events.publisher import MemoryPublisher
from waymark.llm.client import LLMClient
from waymark.settings import load_settings
from waymark.workflow import runner
from waymark.workflow.context import WorkflowContext


async def _no_hand_off(task_id: str, roadmap_id: str) -> None:
    return None


async def main(task_id: str) -> None:
    settings = load_settings()
    engine = create_engine(settings)
    redis = aioredis.Redis.from_url(settings.redis.required_url)
    ctx = WorkflowContext(
        llm=LLMClient(settings.llm, redis),
        sessionmaker=create_sessionmaker(engine),
        publisher=MemoryPublisher(),
        hand_off_content=_no_hand_off,
    )
    await runner.start(ctx, settings.db.psycopg_url, task_id)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
