"""Lending (CELERY_WORKFLOW_LENDS_TO_CONTENT): a workflow service alone runs every content
unit, and a plan submitted mid-concept waits for the unit in flight only, not the concept."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.fixtures.sim import Simulator
from tests.fixtures.stack import worker_stack
from tests.integration.worker.conftest import StackDB, tasks_run_by, wait_status
from waymark.db.models import ConceptContent, Task
from waymark.statuses import ContentStatus, ContentType

pytestmark = pytest.mark.timeout(300)
DONE = {"completed", "partial_failure", "failed"}


async def wait_for_a_first_unit_in_flight(db: StackDB, task_id: str) -> None:
    """Until a concept's tutorial (its first unit) is being generated."""
    roadmap_id = None
    while roadmap_id is None:
        roadmap_id = (await db.task(task_id)).roadmap_id
        await asyncio.sleep(0.02)
    while True:
        async with db.sessionmaker() as session:
            generating = await session.scalar(
                select(func.count()).where(
                    ConceptContent.roadmap_id == roadmap_id,
                    ConceptContent.content_type == ContentType.TUTORIAL,
                    ConceptContent.status == ContentStatus.GENERATING,
                )
            )
        if generating:
            return
        await asyncio.sleep(0.02)


async def units_completed_while_waiting(db: StackDB, probe_id: str) -> int:
    """Content units finished between the plan's submission and its workflow's start."""
    async with db.sessionmaker() as session:
        probe = await session.get(Task, uuid.UUID(probe_id))
        assert probe is not None and probe.started_at is not None
        count = await session.scalar(
            select(func.count()).where(
                ConceptContent.status == ContentStatus.COMPLETED,
                ConceptContent.updated_at > probe.created_at,
                ConceptContent.updated_at < probe.started_at,
            )
        )
    return int(count or 0)


async def test_a_lending_workflow_service_runs_content_and_plans_between_units(
    tmp_path: Path, postgres_admin_url: str, sim: Simulator, stack_db_factory: Any
) -> None:
    sim.configure(latency_ms=300)  # a unit takes one call: long enough to land a plan mid-concept
    services = ("celery_workflow", "celery_logs", "celery_beat")  # no content service at all
    with worker_stack(
        tmp_path, postgres_admin_url, sim.urls, services,
        CELERY_WORKFLOW_LENDS_TO_CONTENT="true", CELERY_WORKFLOW_CONCURRENCY="1",
    ) as stack:  # fmt: skip
        queues = {host.split("@")[0]: names for host, names in stack.active_queues().items()}
        assert queues == {"workflow": ["content_generation", "roadmap_workflow"], "logs": ["logs"]}  # sorted
        db = stack_db_factory(stack)
        backlog = await db.new_task(skip_review=True)
        await wait_for_a_first_unit_in_flight(db, backlog)

        probe = await db.new_task()  # a new plan arrives while a concept is mid-way
        assert await wait_status(db, probe, {"awaiting_review", "failed"}) == "awaiting_review"
        # the concept gave its slot back after the unit in flight (not after all three)
        assert await units_completed_while_waiting(db, probe) <= 1
        assert (await db.task(backlog)).status == "running"  # the plan did not wait for the backlog

        assert await wait_status(db, backlog, DONE, timeout_s=180) == "completed"
        rows = await db.content_rows(backlog)
        assert len(rows) == len({(row[0], row[1]) for row in rows}) == 12 * 3  # one row per unit
        assert {row[3] for row in rows} == {"completed"}

    log = stack.log("celery_workflow")
    assert {"workflow.generate_roadmap", "content.generate_concept"} <= tasks_run_by(log)
    assert "content.handed_back" in log
