"""Under a backlog, recovery re-sends only what was really lost: the reaper leaves a task
alone while its job waits in the queue, the content fan-out leaves a concept alone while
its job waits, and a regeneration holds a lease while it runs (issue 15 §1.7).
Measured as messages each worker took ÷ jobs the work needed (≤ 1.1)."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import Any

import redis

from tests.fixtures.sim import Simulator
from tests.fixtures.stack import Stack, worker_stack
from tests.integration.worker.conftest import wait_status
from waymark.worker.queues import Queue

TASKS = 6
CONCEPTS_PER_TASK = 2
DONE = {"completed", "partial_failure", "failed"}


def messages_taken(log: str, prefix: str) -> tuple[int, int]:
    """(received, finished) messages of the tasks named ``prefix``… in a worker's log."""
    received = re.findall(rf"Task ({re.escape(prefix)}[a-z_.]+)\[[0-9a-f-]+\] received", log)
    finished = re.findall(rf"Task ({re.escape(prefix)}[a-z_.]+)\[[0-9a-f-]+\] succeeded", log)
    return len(received), len(finished)


async def drained(stack: Stack, timeout_s: float = 120) -> None:
    """Both queues empty and every message a worker took has finished."""
    client = redis.Redis.from_url(stack.settings.redis.required_url)
    deadline = time.monotonic() + timeout_s
    while True:
        empty = all(client.llen(q.value) == 0 for q in (Queue.ROADMAP_WORKFLOW, Queue.CONTENT_GENERATION))
        workflow = messages_taken(stack.log("celery_workflow"), "workflow.")
        content = messages_taken(stack.log("celery_content"), "content.")
        if empty and workflow[0] == workflow[1] and content[0] == content[1]:
            return
        assert time.monotonic() < deadline, f"queues not drained: {workflow=} {content=}"
        await asyncio.sleep(0.2)


async def test_a_backlog_is_not_multiplied_by_recovery(
    tmp_path: Path, postgres_admin_url: str, sim: Simulator, stack_db_factory: Any
) -> None:
    # Each task's plan takes ~2 s on the one workflow process, so the last waits ~10 s: several
    # times the idle grace (2 s) after which the reaper looks at a task nobody works on.
    sim.configure(latency_ms=600, stages=1, modules=1, concepts=CONCEPTS_PER_TASK)
    services = ("celery_workflow", "celery_content", "celery_logs", "celery_beat")
    with worker_stack(
        tmp_path,
        postgres_admin_url,
        sim.urls,
        services,
        CELERY_WORKFLOW_CONCURRENCY="1",
        CELERY_CONTENT_CONCURRENCY="1",
        WAYMARK_CELERY__IDLE_GRACE_S="2",
        WAYMARK_CELERY__CONTENT_LEASE_S="3",
    ) as stack:
        db = stack_db_factory(stack)
        tasks = [await db.new_task(skip_review=True, content_types=["quiz"]) for _ in range(TASKS)]
        for task_id in tasks:
            assert await wait_status(db, task_id, DONE, timeout_s=240) == "completed"
        await drained(stack)
        workflow_sent, _ = messages_taken(stack.log("celery_workflow"), "workflow.")
        content_sent, _ = messages_taken(stack.log("celery_content"), "content.")

    workflow_jobs = TASKS  # one start each: skip_review runs the plan straight into content
    content_jobs = TASKS * (1 + CONCEPTS_PER_TASK)  # the fan-out and one job per concept
    assert workflow_sent / workflow_jobs <= 1.1, (workflow_sent, workflow_jobs)
    assert content_sent / content_jobs <= 1.1, (content_sent, content_jobs)
