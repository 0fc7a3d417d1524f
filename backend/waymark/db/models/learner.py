"""What Waymark keeps about a learner beyond their roadmaps (docs/learner.md): the profile
they wrote, the placement checks they took, and their corrections of the learner model."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, ForeignKeyConstraint, PrimaryKeyConstraint, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from waymark.db.models.base import Base, Timestamps, UUIDPrimaryKey, utcnow


class LearnerProfile(Timestamps, Base):
    """One per user, deleted with the account. ``profile`` is the validated body of
    ``PUT /api/v1/me/profile`` (api/schemas/learner.py bounds every field)."""

    __tablename__ = "learner_profiles"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JSONB)


class MasteryCorrection(Base):
    """The learner's own word on a concept's mastery: ``known`` ("I know this") or ``reset``
    (count only the evidence after ``created_at``). The newest one per concept stands."""

    __tablename__ = "mastery_corrections"
    __table_args__ = (
        PrimaryKeyConstraint("user_id", "roadmap_id", "concept_id"),
        ForeignKeyConstraint(
            ["roadmap_id", "concept_id"],
            ["concepts.roadmap_id", "concepts.concept_id"],
            ondelete="CASCADE",
        ),
        CheckConstraint("correction IN ('known', 'reset')", name="correction"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    roadmap_id: Mapped[uuid.UUID]
    concept_id: Mapped[str] = mapped_column(String(64))
    correction: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Placement(UUIDPrimaryKey, Base):
    """A placement check: questions (with their keys, which never leave the server before the
    learner submits), then the graded result that feeds a new roadmap's intent."""

    __tablename__ = "placements"

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    goal: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16))
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
