from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from waymark.db.models.base import Base, StrEnumType, Timestamps, UUIDPrimaryKey, enum_check, utcnow
from waymark.statuses import ReviewDecision, Step, TaskKind, TaskStatus


class Task(UUIDPrimaryKey, Timestamps, Base):
    """One unit of work a learner asked for; its id is the LangGraph thread id."""

    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("owner_id", "idempotency_key"),
        CheckConstraint(enum_check("status", TaskStatus), name="status"),
        CheckConstraint(enum_check("current_step", Step), name="current_step"),
        CheckConstraint(enum_check("kind", TaskKind), name="kind"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
        Index("ix_tasks_owner_created", "owner_id", "created_at"),
        Index("ix_tasks_status_lease", "status", "lease_expires_at"),
    )

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[TaskKind] = mapped_column(StrEnumType(TaskKind, 16), default=TaskKind.ROADMAP)
    goal: Mapped[str] = mapped_column(Text)
    preferences: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    status: Mapped[TaskStatus] = mapped_column(StrEnumType(TaskStatus, 32), default=TaskStatus.QUEUED)
    current_step: Mapped[Step] = mapped_column(StrEnumType(Step, 32), default=Step.QUEUED)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    roadmap_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="SET NULL", use_alter=True)
    )
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    # ``attempt`` when the learner last retried: the attempt cap counts from here.
    attempt_floor: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lease_expires_at: Mapped[datetime | None]
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    # The learner's decision, stored before the resume is enqueued so a lost message can be replayed.
    pending_review: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    # The framework and validation summary offered for review (while awaiting_review).
    proposal: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    # What content generation was estimated to cost when the learner approved it.
    content_estimate: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    # What the workflow understood of the goal (intent analysis), shown on the task.
    intent: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    llm_calls: Mapped[int] = mapped_column(Integer, default=0)
    prompt_tokens: Mapped[int] = mapped_column(BigInteger, default=0)
    completion_tokens: Mapped[int] = mapped_column(BigInteger, default=0)
    cost_usd: Mapped[Decimal] = mapped_column(Numeric(12, 6), default=Decimal(0))
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class ReviewRecord(UUIDPrimaryKey, Base):
    """A learner's decision on a proposed framework (one row per review round)."""

    __tablename__ = "review_records"
    __table_args__ = (UniqueConstraint("task_id", "round"),)

    task_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column(Integer)
    decision: Mapped[ReviewDecision] = mapped_column(StrEnumType(ReviewDecision, 16))
    feedback: Mapped[str | None] = mapped_column(Text)
    framework: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    # the framework this round offered, and the assumption the learner says was wrong
    proposal: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    wrong_assumption: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)


class ExecutionLog(Base):
    """Persisted task events; (task, ``event_id`` = the stream entry id) makes writes idempotent."""

    __tablename__ = "execution_logs"
    __table_args__ = (
        UniqueConstraint("task_id", "event_id"),
        Index("ix_execution_logs_task_id_id", "task_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    task_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16), default="info")
    step: Mapped[str | None] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)


class LLMRoleStats(Base):
    """Running totals per LLM role (one unit of work = one item), for cost estimates."""

    __tablename__ = "llm_role_stats"

    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    items: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    calls: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    prompt_tokens: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    completion_tokens: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    cost_usd: Mapped[Decimal] = mapped_column(Numeric(14, 6), default=Decimal(0), server_default="0")
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow, onupdate=utcnow)
