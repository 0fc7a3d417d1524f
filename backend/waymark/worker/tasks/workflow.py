"""roadmap_workflow queue. Tasks take ids and re-read state from Postgres."""

from __future__ import annotations

from waymark.worker.bridge import run_async
from waymark.worker.celery_app import queue_task
from waymark.worker.jobs.workflow import run_workflow


@queue_task("workflow.generate_roadmap")
def generate_roadmap(task_id: str) -> str:
    return run_async(lambda res: run_workflow(res, task_id, "start"))


@queue_task("workflow.resume_after_review")
def resume_after_review(task_id: str) -> str:
    return run_async(lambda res: run_workflow(res, task_id, "review"))


@queue_task("workflow.resume_from_checkpoint")
def resume_from_checkpoint(task_id: str) -> str:
    return run_async(lambda res: run_workflow(res, task_id, "checkpoint"))
