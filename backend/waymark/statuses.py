"""The status vocabularies shared by the database, the API and the web UI (docs/architecture.md §6)."""

from enum import StrEnum


class TaskStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    AWAITING_REVIEW = "awaiting_review"
    COMPLETED = "completed"
    PARTIAL_FAILURE = "partial_failure"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL_STATUSES


TERMINAL_STATUSES = frozenset(
    {TaskStatus.COMPLETED, TaskStatus.PARTIAL_FAILURE, TaskStatus.FAILED, TaskStatus.CANCELLED}
)


# a learner may retry a task that ended in one of these
RETRYABLE_STATUSES = frozenset({TaskStatus.FAILED, TaskStatus.PARTIAL_FAILURE, TaskStatus.CANCELLED})


class Step(StrEnum):
    QUEUED = "queued"
    INTENT_ANALYSIS = "intent_analysis"
    CURRICULUM_DESIGN = "curriculum_design"
    STRUCTURE_VALIDATION = "structure_validation"
    ROADMAP_EDIT = "roadmap_edit"
    HUMAN_REVIEW = "human_review"
    CONTENT_GENERATION_QUEUED = "content_generation_queued"
    CONTENT_GENERATION = "content_generation"
    FINALIZING = "finalizing"
    DONE = "done"


class TaskKind(StrEnum):
    ROADMAP = "roadmap"
    REGENERATE = "regenerate"


class ContentType(StrEnum):
    TUTORIAL = "tutorial"
    RESOURCES = "resources"
    QUIZ = "quiz"


class ContentStatus(StrEnum):
    PENDING = "pending"
    GENERATING = "generating"
    COMPLETED = "completed"
    FAILED = "failed"


class ReviewDecision(StrEnum):
    APPROVE = "approve"
    EDIT = "edit"
    REJECT = "reject"
