"""Worker process life-cycle: logging once per process, each job marked as started, the loop
closed on exit."""

from __future__ import annotations

from typing import Any

from celery import Task
from celery.signals import (
    setup_logging,
    task_prerun,
    task_received,
    worker_process_shutdown,
    worker_shutdown,
)

from waymark.logging import configure_logging
from waymark.settings import get_settings
from waymark.worker import bridge
from waymark.worker.waiting import mark_started, recoverable


def _setup_logging(**_: Any) -> None:
    settings = get_settings()
    configure_logging(json_output=not settings.is_dev, level=settings.celery.log_level)


def _close_loop(**_: Any) -> None:
    bridge.shutdown()


def _job_started(task: Task, args: tuple[Any, ...] | None = None, **_: Any) -> None:
    """The job's message has left its queue: recovery may send it again if it is lost now."""
    if task.name and recoverable(task.name):
        bridge.run_async(lambda res: mark_started(res.redis, task.name, args or ()))


def _job_taken(request: Any = None, **_: Any) -> None:
    """A threads-pool worker takes messages ahead of running them (prefetch). Their markers go
    when they are taken, not when they start: a worker killed in between would otherwise leave
    markers that hold recovery back until the visibility timeout. A job with an ETA waits in
    the worker for its time and keeps its marker until it starts."""
    if request is None or request.eta or not recoverable(request.name):
        return
    name, args = request.name, tuple(request.args or ())
    bridge.submit_if_threaded(lambda res: mark_started(res.redis, name, args))


def connect_worker_signals() -> None:
    setup_logging.connect(_setup_logging, weak=False)
    task_received.connect(_job_taken, weak=False)
    task_prerun.connect(_job_started, weak=False)
    worker_process_shutdown.connect(_close_loop, weak=False)  # a prefork child
    worker_shutdown.connect(_close_loop, weak=False)  # a threads pool's process (its loop's thread)
