"""logs queue: execution log batches and beat's maintenance jobs."""

from __future__ import annotations

from typing import Any

from waymark.worker.bridge import run_async
from waymark.worker.celery_app import queue_task
from waymark.worker.jobs import maintenance


@queue_task("logs.write_execution_logs")
def write_execution_logs(task_id: str, events: list[dict[str, Any]]) -> int:
    return run_async(lambda res: maintenance.write_execution_logs(res, task_id, events))


@queue_task("maintenance.reap_stale_tasks")
def reap_stale_tasks() -> list[str]:
    return run_async(maintenance.reap_stale_tasks)


@queue_task("maintenance.prune")
def prune() -> dict[str, int]:
    return run_async(
        lambda res: maintenance.prune(
            res, checkpoint_days=res.settings.celery.checkpoint_retention_days,
            log_days=res.settings.celery.log_retention_days,
        )
    )  # fmt: skip
