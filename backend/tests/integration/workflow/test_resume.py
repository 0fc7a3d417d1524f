"""A process killed mid-graph resumes from its checkpoint without re-running finished nodes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fixtures.sim import Simulator, new_task
from tests.fixtures.stack import wait_until
from waymark.db.models import Task
from waymark.settings import Settings
from waymark.workflow import runner
from waymark.workflow.context import WorkflowContext

SCRIPT = Path(__file__).with_name("run_graph.py")
BACKEND = Path(__file__).resolve().parents[3]


def start_then_kill_during_validation(env: dict[str, str], task_id: str, sim: Simulator) -> int:
    process = subprocess.Popen([sys.executable, str(SCRIPT), task_id], env=env)
    try:
        wait_until(lambda: sim.stats()["calls"].get("validator", 0) >= 1, 60, "validation to start")
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    return process.returncode


async def test_kill_9_mid_graph_then_resume_from_checkpoint(
    ctx: WorkflowContext,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    task_id = await new_task(sessionmaker)
    sim.configure(latency_ms=400)  # the validator call is in flight long enough to kill during it
    env = {
        **os.environ,
        "PYTHONPATH": str(BACKEND),
        "WAYMARK_ENV": "test",
        "DATABASE_URL": sim_settings.db.url or "",
        "REDIS_URL": sim_settings.redis.url or "",
        "OPENAI_BASE_URL": sim.urls.llm_base_url,
        "TAVILY_BASE_URL": sim.urls.search_base_url,
    }
    assert start_then_kill_during_validation(env, task_id, sim) == -signal.SIGKILL
    assert (sim.calls("intent"), sim.calls("curriculum")) == (1, 1)

    sim.configure(latency_ms=0)
    result = await runner.resume_from_checkpoint(ctx, sim_settings.db.psycopg_url, task_id)
    assert result.outcome == "awaiting_review"
    # finished nodes were not re-run; the interrupted one ran again from its start
    assert (sim.calls("intent"), sim.calls("curriculum"), sim.calls("validator")) == (1, 1, 2)
    async with sessionmaker() as session:
        task = await session.get(Task, uuid.UUID(task_id))
    assert task is not None and task.status == "awaiting_review"
    assert (
        await runner.resume_after_review(ctx, sim_settings.db.psycopg_url, task_id, {"decision": "approve"})
    ).outcome == "handed_off"


async def test_resume_without_a_checkpoint_starts_from_the_beginning(
    ctx: WorkflowContext,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    task_id = await new_task(sessionmaker)
    result = await runner.resume_from_checkpoint(ctx, sim_settings.db.psycopg_url, task_id)
    assert result.outcome == "awaiting_review"
    assert sim.calls("intent") == 1
