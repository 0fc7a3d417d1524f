"""A learner's own records on a roadmap: concept progress and quiz attempts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import ConceptProgress, QuizAttempt


async def set_progress(
    session: AsyncSession, user_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str, completed: bool
) -> ConceptProgress:
    now = datetime.now(UTC)
    values = {"completed": completed, "completed_at": now if completed else None, "updated_at": now}
    statement = (
        insert(ConceptProgress)
        .values(user_id=user_id, roadmap_id=roadmap_id, concept_id=concept_id, **values)
        .on_conflict_do_update(
            index_elements=[ConceptProgress.user_id, ConceptProgress.roadmap_id, ConceptProgress.concept_id],
            set_=values,
        )
        .returning(ConceptProgress)
    )
    return (await session.execute(statement)).scalar_one()


async def completed_concepts(session: AsyncSession, user_id: uuid.UUID, roadmap_id: uuid.UUID) -> set[str]:
    rows = await session.execute(
        select(ConceptProgress.concept_id).where(
            ConceptProgress.user_id == user_id,
            ConceptProgress.roadmap_id == roadmap_id,
            ConceptProgress.completed.is_(True),
        )
    )
    return set(rows.scalars())


async def add_quiz_attempt(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    roadmap_id: uuid.UUID,
    concept_id: str,
    quiz_version: int,
    answers: dict[str, Any],
    correct: int,
    total: int,
) -> QuizAttempt:
    attempt = QuizAttempt(
        id=uuid.uuid4(),
        user_id=user_id,
        roadmap_id=roadmap_id,
        concept_id=concept_id,
        quiz_version=quiz_version,
        answers=answers,
        correct=correct,
        total=total,
        score=correct / total if total else 0.0,
    )
    session.add(attempt)
    await session.flush()
    return attempt
