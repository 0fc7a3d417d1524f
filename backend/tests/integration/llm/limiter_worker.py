"""Run by test_limiter in separate OS processes: N concurrent calls through the shared limiter."""

from __future__ import annotations

import asyncio
import sys

import redis.asyncio as aioredis

from waymark.llm.client import LLMClient
from waymark.settings import LLMSettings
from waymark.workflow import prompts
from waymark.workflow.schemas import IntentAnalysis


async def main(base_url: str, redis_url: str, calls: int) -> None:
    redis = aioredis.Redis.from_url(redis_url)
    client = LLMClient(LLMSettings(base_url=base_url, max_concurrency=2, timeout_s=30), redis)
    messages = prompts.intent_messages("Learn Go", {"weekly_hours": 5})
    await asyncio.gather(*(client.structured("intent", messages, IntentAnalysis) for _ in range(calls)))
    await client.aclose()
    await redis.aclose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
