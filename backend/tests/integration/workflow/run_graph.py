"""Run by test_resume as a separate OS process: start one task's graph (then get killed)."""

from __future__ import annotations

import asyncio
import sys

import redis.asyncio as aioredis

from waymark.db.engine import create_engine, create_sessionmaker
from waymark.events.publisher import MemoryPublisher
from waymark.llm.client import LLMClient
from waymark.settings import load_settings
from waymark.worker.outbox import outbox_info
from waymark.worker.sender import MemorySender
from waymark.workflow import runner
from waymark.workflow.context import WorkflowContext


async def main(task_id: str) -> None:
    settings = load_settings()
    engine = create_engine(settings)
    redis = aioredis.Redis.from_url(settings.redis.required_url)
    ctx = WorkflowContext(
        llm=LLMClient(settings.llm, redis),
        sessionmaker=create_sessionmaker(engine, outbox_info(MemorySender())),
        publisher=MemoryPublisher(),
    )
    await runner.start(ctx, settings.db.psycopg_url, task_id)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
