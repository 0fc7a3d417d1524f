"""The one async bridge: many tasks in a row on one worker child share its loop safely."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from tests.fixtures.sim import Simulator
from tests.fixtures.stack import wait_until, worker_stack
from tests.integration.worker.conftest import tasks_run_by


async def test_fifty_tasks_in_a_row_on_one_worker_child(
    tmp_path: Path, postgres_admin_url: str, sim: Simulator, stack_db_factory: Any
) -> None:
    with worker_stack(tmp_path, postgres_admin_url, sim.urls, services=("celery_logs",)) as stack:
        db = stack_db_factory(stack)
        task_id = await db.new_task()  # its workflow message waits: no workflow worker here
        for number in range(50):
            event = {"id": f"{number + 1}-0", "type": "log", "message": f"event {number}", "data": {}}
            stack.celery.send_task("logs.write_execution_logs", args=[task_id, [event]])

        def all_done() -> bool:
            return (
                len(
                    re.findall(
                        r"Task logs\.write_execution_logs\[[^\]]+\] succeeded", stack.log("celery_logs")
                    )
                )
                >= 50
            )

        await asyncio.to_thread(wait_until, all_done, 120, "50 log tasks")
        assert await db.logged_events(task_id) == 50
        log = stack.log("celery_logs")
    assert "logs.write_execution_logs" in tasks_run_by(log)
    assert "attached to a different loop" not in log
    assert "Event loop is closed" not in log
    assert "Traceback" not in log
    assert stack.env["CELERY_LOGS_CONCURRENCY"] == "1"  # one child ran them all
