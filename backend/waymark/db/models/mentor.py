"""Notes and the mentor's conversations (docs/mentor.md). Every row belongs to one user and
one roadmap, and goes with either (``ON DELETE CASCADE``)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from waymark.db.models.base import Base, Timestamps, UUIDPrimaryKey


class Note(UUIDPrimaryKey, Timestamps, Base):
    """What the learner wrote (or saved from a mentor answer) on a roadmap or one concept."""

    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_owner_roadmap", "owner_id", "roadmap_id", "created_at"),)

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    roadmap_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"))
    concept_id: Mapped[str | None] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    # the mentor answer this note was saved from, if any (kept when that answer is deleted)
    source_message_id: Mapped[uuid.UUID | None]


class MentorSession(UUIDPrimaryKey, Timestamps, Base):
    """One conversation about one concept; usage is summed over its answers."""

    __tablename__ = "mentor_sessions"
    __table_args__ = (Index("ix_mentor_sessions_owner_concept", "owner_id", "roadmap_id", "concept_id"),)

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    roadmap_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"))
    concept_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")


class MentorMessage(UUIDPrimaryKey, Timestamps, Base):
    """A question (``user``) or an answer (``assistant``). An answer is written ``streaming``
    before its first token and ends ``complete``, ``stopped`` or ``failed``; ``checks`` holds
    what the server found (citations kept and removed, text withheld, proposed actions)."""

    __tablename__ = "mentor_messages"
    __table_args__ = (
        Index("ix_mentor_messages_session", "session_id", "created_at"),
        CheckConstraint("role IN ('user', 'assistant')", name="role"),
        CheckConstraint("status IN ('streaming', 'complete', 'stopped', 'failed')", name="status"),
    )

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentor_sessions.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    quiz_question_id: Mapped[str | None] = mapped_column(String(64))
    hint_level: Mapped[int | None] = mapped_column(Integer)
    checks: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")


class MentorTokenLedger(Base):
    """A learner's mentor tokens for one UTC day: ``used`` by finished answers (their counted
    usage) and ``reserved`` by answers still streaming (their upper-bound estimates)."""

    __tablename__ = "mentor_token_ledger"
    __table_args__ = (
        CheckConstraint("used_tokens >= 0", name="used"),
        CheckConstraint("reserved_tokens >= 0", name="reserved"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    used_tokens: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    reserved_tokens: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
