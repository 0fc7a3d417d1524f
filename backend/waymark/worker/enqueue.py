"""Sending tasks by their stable names; routing picks the queue (worker/queues.py)."""

from __future__ import annotations

from typing import Any

from waymark.worker.celery_app import celery_app


def send(task_name: str, *args: Any, countdown: float | None = None) -> str:
    """Enqueue ``task_name``; call only after the rows it reads are committed."""
    result = celery_app().send_task(task_name, args=list(args), countdown=countdown)
    return str(result.id)
