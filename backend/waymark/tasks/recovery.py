"""What continues a task that stopped: one decision for the learner's retry and the reaper.

It follows the task's kind and step. A regeneration is only ever continued by
``content.regenerate_concept`` on the versions it was given (never by the roadmap
workflow, which would repoint its roadmap, nor by the roadmap's content fan-out, which
would drop the learner's instructions). A roadmap task before its hand-off resumes its
graph from the last checkpoint; after the hand-off its content fan-out continues.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from waymark.statuses import Step, TaskKind, TaskStatus

# Steps after the roadmap was handed to content generation.
HANDED_OFF_STEPS = frozenset(
    {Step.CONTENT_GENERATION_QUEUED, Step.CONTENT_GENERATION, Step.FINALIZING, Step.DONE}
)
# Steps a workflow run may claim a task in (a leftover workflow message finds nothing to do later).
WORKFLOW_STEPS = frozenset(Step) - HANDED_OFF_STEPS


class RecoveryType(StrEnum):
    RESUME_FROM_CHECKPOINT = "resume_from_checkpoint"
    RETRY_FAILED_CONTENT = "retry_failed_content"
    RESTART_CONTENT_GENERATION = "restart_content_generation"
    RESUME_AFTER_REVIEW = "resume_after_review"  # the reaper's: a stored decision waits


@dataclass(frozen=True)
class Recovery:
    type: RecoveryType
    task_name: str  # the Celery task that continues the work
    status: TaskStatus  # the status a retried task takes
    step: Step | None  # the step it takes (None keeps the current one)


@dataclass(frozen=True)
class TaskPosition:
    """What recovery needs to know about a task."""

    kind: TaskKind
    step: Step
    has_roadmap: bool
    has_failed_content: bool = False
    has_pending_review: bool = False

    @property
    def handed_off(self) -> bool:
        return self.kind is TaskKind.REGENERATE or self.step in HANDED_OFF_STEPS

    @property
    def roadmap_gone(self) -> bool:
        """Handed off to a roadmap that has since been deleted (its id was set to NULL)."""
        return self.handed_off and not self.has_roadmap


def recovery_for(task: TaskPosition) -> Recovery:
    if task.kind is TaskKind.REGENERATE:
        return Recovery(
            RecoveryType.RESTART_CONTENT_GENERATION, "content.regenerate_concept", TaskStatus.QUEUED, None
        )
    if not task.handed_off:
        if task.has_pending_review:
            return Recovery(
                RecoveryType.RESUME_AFTER_REVIEW, "workflow.resume_after_review", TaskStatus.RUNNING, None
            )
        return Recovery(
            RecoveryType.RESUME_FROM_CHECKPOINT, "workflow.resume_from_checkpoint", TaskStatus.QUEUED, None
        )
    if task.has_failed_content:
        return Recovery(
            RecoveryType.RETRY_FAILED_CONTENT,
            "content.retry_failed",
            TaskStatus.RUNNING,
            Step.CONTENT_GENERATION_QUEUED,
        )
    return Recovery(
        RecoveryType.RESTART_CONTENT_GENERATION,
        "content.generate_roadmap_content",
        TaskStatus.RUNNING,
        Step.CONTENT_GENERATION_QUEUED,
    )
