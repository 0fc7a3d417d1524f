"""content_generation queue: fan-out and one task per concept."""

from __future__ import annotations

from waymark.worker.bridge import run_async
from waymark.worker.celery_app import queue_task
from waymark.worker.jobs.content import (
    dispatch_roadmap_content,
    generate_concept_job,
    regenerate_concept_job,
)


@queue_task("content.generate_roadmap_content")
def generate_roadmap_content(task_id: str) -> int:
    return run_async(lambda res: dispatch_roadmap_content(res, task_id))


@queue_task("content.generate_concept")
def generate_concept(task_id: str, concept_id: str) -> str:
    return run_async(lambda res: generate_concept_job(res, task_id, concept_id))


@queue_task("content.retry_failed")
def retry_failed(task_id: str) -> int:
    """After a learner's retry re-armed the failed units: the same fan-out picks them up."""
    return run_async(lambda res: dispatch_roadmap_content(res, task_id))


@queue_task("content.regenerate_concept")
def regenerate_concept(task_id: str) -> str:
    return run_async(lambda res: regenerate_concept_job(res, task_id))
