"""The three queues, their limits, and the one routing table (docs/architecture.md §2)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fnmatch import fnmatchcase


class Queue(StrEnum):
    ROADMAP_WORKFLOW = "roadmap_workflow"
    CONTENT_GENERATION = "content_generation"
    LOGS = "logs"


@dataclass(frozen=True)
class QueueLimits:
    soft_time_limit_s: int
    time_limit_s: int
    long_running: bool  # prefetch 1 and acks_late matter most here


LIMITS: dict[Queue, QueueLimits] = {
    Queue.ROADMAP_WORKFLOW: QueueLimits(3300, 3480, long_running=True),
    Queue.CONTENT_GENERATION: QueueLimits(1500, 1620, long_running=True),
    Queue.LOGS: QueueLimits(60, 90, long_running=False),
}

# Redeliver an unacknowledged message only after every hard limit has passed.
VISIBILITY_TIMEOUT_S = max(limits.time_limit_s for limits in LIMITS.values()) + 420

# Task-name globs → queue. The only routing table; every task must match one.
ROUTES: tuple[tuple[str, Queue], ...] = (
    ("workflow.*", Queue.ROADMAP_WORKFLOW),
    ("content.*", Queue.CONTENT_GENERATION),
    ("logs.*", Queue.LOGS),
    ("maintenance.*", Queue.LOGS),
)


class UnroutedTaskError(LookupError):
    pass


def queue_for(task_name: str) -> Queue:
    for pattern, queue in ROUTES:
        if fnmatchcase(task_name, pattern):
            return queue
    raise UnroutedTaskError(f"task {task_name!r} matches no route in waymark.worker.queues.ROUTES")
