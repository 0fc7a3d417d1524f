"""Fair in-flight slots between learners (issue 19): a 10-concept roadmap started a second
after a 100-concept one finishes within twice its time alone, on one content process with
the default in-flight cap, through the real workers and the simulator."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from tests.fixtures.sim import Simulator
from tests.fixtures.stack import worker_stack
from tests.integration.worker.conftest import StackDB, wait_status

DONE = {"completed", "partial_failure", "failed", "cancelled"}
LATENCY_MS = 2000  # every LLM call: content waits on the network, as with a real model
SMALL = {"stages": 1, "modules": 2, "concepts": 5}  # 10 concepts, 30 units: fits in the 32 slots
LARGE = {"stages": 5, "modules": 4, "concepts": 5}  # 100 concepts, 300 units


async def _finish(db: StackDB, task_id: str, timeout_s: float = 90) -> float:
    """Seconds from now until the task is completed."""
    started = time.monotonic()
    assert await wait_status(db, task_id, DONE, timeout_s=timeout_s) == "completed"
    return time.monotonic() - started


async def _curriculum_called(sim: Simulator, times: int) -> None:
    deadline = time.monotonic() + 30
    while sim.calls("curriculum") < times:
        assert time.monotonic() < deadline, "the curriculum was not called"
        await asyncio.sleep(0.05)


async def test_a_small_roadmap_is_not_held_behind_a_large_one(
    tmp_path: Path, postgres_admin_url: str, sim: Simulator, stack_db_factory: Any
) -> None:
    services = ("celery_workflow", "celery_content", "celery_logs", "celery_beat")
    with worker_stack(
        tmp_path,
        postgres_admin_url,
        sim.urls,
        services,
        CELERY_CONTENT_CONCURRENCY="160",  # the entrypoint's default: every concept job of both in hand
        WAYMARK_CELERY__CONTENT_LEASE_S="30",
    ) as stack:
        db = stack_db_factory(stack)
        sim.configure(latency_ms=LATENCY_MS, **SMALL)
        small_alone = await db.new_task(skip_review=True)
        alone_s = await _finish(db, small_alone)

        sim.configure(**LARGE)
        large = await db.new_task(skip_review=True)
        await _curriculum_called(sim, 2)  # the large framework is decided ...
        sim.configure(**SMALL)  # ... and the next one will be small
        await asyncio.sleep(1.0)
        small = await db.new_task(skip_review=True)
        beside_s = await _finish(db, small)
        await _finish(db, large, timeout_s=180)  # and the large one is not starved either
        assert len(await db.content_rows(large)) == 300
        assert len(await db.content_rows(small)) == 30

    assert beside_s <= 2 * alone_s, (beside_s, alone_s)
    assert sim.stats()["max_in_flight"] >= 32  # the one content process did fill its slots
