"""Two processes sharing the Redis limiter never exceed its concurrency."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import redis
import redis.asyncio as aioredis

from tests.fixtures.sim import Simulator
from waymark.llm.client import LLMClient
from waymark.settings import Settings
from waymark.threaded_server import free_port
from waymark.workflow import prompts
from waymark.workflow.schemas import IntentAnalysis

WORKER = Path(__file__).with_name("limiter_worker.py")
BACKEND = Path(__file__).resolve().parents[3]


def test_two_processes_stay_within_the_shared_concurrency(sim: Simulator, redis_url: str) -> None:
    # A process killed mid-call by another test (test_resume) rightly keeps its slot until the
    # lease expires; start this test from an empty limiter so only these two processes count.
    provider = urlsplit(sim.urls.llm_base_url).netloc
    redis.Redis.from_url(redis_url).delete(f"waymark:llm:{provider}:inflight", f"waymark:llm:{provider}:rpm")
    sim.configure(latency_ms=150)
    command = [sys.executable, str(WORKER), sim.urls.llm_base_url, redis_url, "6"]
    env = {"PYTHONPATH": str(BACKEND), "PATH": "/usr/bin:/bin"}
    workers = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for worker in workers:
        _, stderr = worker.communicate(timeout=120)
        assert worker.returncode == 0, stderr
    stats = sim.stats()
    assert stats["calls"]["intent"] == 12
    assert stats["max_in_flight"] == 2  # reached, never exceeded


def test_without_the_limit_the_same_load_runs_wider(sim: Simulator, redis_url: str) -> None:
    """Control: the simulator does see more than 2 at once when nothing limits it."""
    sim.configure(latency_ms=150)
    command = [sys.executable, "-c", (
        "import asyncio, httpx\n"
        "async def go():\n"
        "    async with httpx.AsyncClient() as c:\n"
        f"        body={{'model':'m','messages':[{{'role':'system','content':'[waymark-role: intent]'}}]}}\n"
        f"        url='{sim.urls.llm_base_url}/chat/completions'\n"
        "        await asyncio.gather(*(c.post(url, json=body) for _ in range(6)))\n"
        "asyncio.run(go())\n"
    )]  # fmt: skip
    subprocess.run(command, check=True, timeout=60)
    assert sim.stats()["max_in_flight"] > 2


async def test_a_call_goes_ahead_when_the_limiter_cannot_reach_redis(
    sim: Simulator, sim_settings: Settings
) -> None:
    """A Redis restart must not fail the LLM calls under way: limiting is protection, not work."""
    unreachable = aioredis.Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.5)
    client = LLMClient(sim_settings.llm, unreachable)
    try:
        result = await client.structured("intent", prompts.intent_messages("Learn Go", {}), IntentAnalysis)
    finally:
        await client.aclose()
        await unreachable.aclose()
    assert result.output.topic and sim.calls("intent") == 1


async def test_a_429_pauses_every_call_for_its_retry_after(
    sim: Simulator, sim_settings: Settings, async_redis: aioredis.Redis
) -> None:
    """One call meets a 429 with Retry-After: 1 s; a call that starts meanwhile (on another
    client, as another process would) waits out the pause instead of meeting its own 429."""
    provider = urlsplit(sim.urls.llm_base_url).netloc
    await async_redis.delete(f"waymark:llm:{provider}:paused")
    sim.configure(fault_script=["429"], retry_after_s=1.0)
    first, second = LLMClient(sim_settings.llm, async_redis), LLMClient(sim_settings.llm, async_redis)
    messages = prompts.intent_messages("Learn Go", {})
    try:
        refused = asyncio.create_task(first.structured("intent", messages, IntentAnalysis))
        while not sim.stats()["faults"]:  # noqa: ASYNC110 - waiting for the 429 to be served
            await asyncio.sleep(0.01)
        started = time.monotonic()
        await second.structured("intent", messages, IntentAnalysis)
        waited = time.monotonic() - started
        await refused
    finally:
        await first.aclose()
        await second.aclose()
    assert waited >= 0.8  # held back by the pause the first call recorded
    assert sim.stats()["faults"] == {"429": 1}  # one refusal, no storm
    assert sim.calls("intent") == 3
