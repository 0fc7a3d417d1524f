"""All mapped tables; importing this module registers them on ``Base.metadata``."""

from waymark.db.models.auth_session import AuthSession
from waymark.db.models.base import Base
from waymark.db.models.learner import LearnerProfile, MasteryCorrection, Placement
from waymark.db.models.mentor import MentorMessage, MentorSession, MentorTokenLedger, Note
from waymark.db.models.roadmap import (
    Concept,
    ConceptContent,
    ConceptProgress,
    QuizAttempt,
    Roadmap,
)
from waymark.db.models.task import ExecutionLog, LLMRoleStats, ReviewRecord, Task
from waymark.db.models.user import User

__all__ = [
    "AuthSession",
    "Base",
    "Concept",
    "ConceptContent",
    "ConceptProgress",
    "ExecutionLog",
    "LLMRoleStats",
    "LearnerProfile",
    "MasteryCorrection",
    "MentorMessage",
    "MentorSession",
    "MentorTokenLedger",
    "Note",
    "Placement",
    "QuizAttempt",
    "ReviewRecord",
    "Roadmap",
    "Task",
    "User",
]
