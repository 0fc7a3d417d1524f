from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from waymark.db.models.base import Base, StrEnumType, Timestamps, UUIDPrimaryKey, enum_check, utcnow
from waymark.statuses import ContentStatus, ContentType


class Roadmap(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "roadmaps"

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    task_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="SET NULL"), unique=True
    )
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    framework: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # the learner's weekly hours when the roadmap was made (the pace plan divides by it)
    weekly_hours: Mapped[float | None] = mapped_column(Float)
    share_slug: Mapped[str | None] = mapped_column(String(64), unique=True)
    # in the trash since then (ROADMAP_TRASH_DAYS, then purged); None while it is live
    deleted_at: Mapped[datetime | None] = mapped_column(index=True)


class Concept(Base):
    """One row per concept of a roadmap's framework (normalised, docs/architecture.md §5)."""

    __tablename__ = "concepts"
    __table_args__ = (PrimaryKeyConstraint("roadmap_id", "concept_id"),)

    roadmap_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"))
    concept_id: Mapped[str] = mapped_column(String(64))
    stage_id: Mapped[str] = mapped_column(String(64))
    module_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    # a placement check showed the learner knows it: kept in the roadmap, no content generated
    tested_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")


class ConceptContent(UUIDPrimaryKey, Timestamps, Base):
    """Tutorial, resources or quiz of one concept, one version, with its own status."""

    __tablename__ = "concept_contents"
    __table_args__ = (
        UniqueConstraint("roadmap_id", "concept_id", "content_type", "version"),
        ForeignKeyConstraint(
            ["roadmap_id", "concept_id"],
            ["concepts.roadmap_id", "concepts.concept_id"],
            ondelete="CASCADE",
        ),
        CheckConstraint(enum_check("content_type", ContentType), name="content_type"),
        CheckConstraint(enum_check("status", ContentStatus), name="status"),
    )

    roadmap_id: Mapped[uuid.UUID]
    concept_id: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[ContentType] = mapped_column(StrEnumType(ContentType, 16))
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[ContentStatus] = mapped_column(
        StrEnumType(ContentStatus, 16), default=ContentStatus.PENDING
    )
    body: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    instructions: Mapped[str | None] = mapped_column(Text)
    # a worker claims the unit (attempts + 1, a lease) before paying for its generation
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lease_expires_at: Mapped[datetime | None]


class QuizAttempt(UUIDPrimaryKey, Base):
    __tablename__ = "quiz_attempts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["roadmap_id", "concept_id"],
            ["concepts.roadmap_id", "concepts.concept_id"],
            ondelete="CASCADE",
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    roadmap_id: Mapped[uuid.UUID]
    concept_id: Mapped[str] = mapped_column(String(64))
    quiz_version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSONB)
    correct: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    # the questions answered wrongly, as evidence for the learner model: [{question_id, prompt}]
    missed: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list, server_default="[]")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)


class ConceptProgress(Base):
    __tablename__ = "concept_progress"
    __table_args__ = (
        PrimaryKeyConstraint("user_id", "roadmap_id", "concept_id"),
        ForeignKeyConstraint(
            ["roadmap_id", "concept_id"],
            ["concepts.roadmap_id", "concepts.concept_id"],
            ondelete="CASCADE",
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    roadmap_id: Mapped[uuid.UUID]
    concept_id: Mapped[str] = mapped_column(String(64))
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    completed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow, onupdate=utcnow)
