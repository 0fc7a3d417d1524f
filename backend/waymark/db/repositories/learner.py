"""A learner's own records on a roadmap: concept progress, quiz attempts (the learner
model's evidence) and the learner's corrections of the model."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import ConceptProgress, MasteryCorrection, QuizAttempt


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
    missed: list[dict[str, Any]] | None = None,
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
        missed=missed or [],
    )
    session.add(attempt)
    await session.flush()
    return attempt


async def attempts_on_roadmap(
    session: AsyncSession, user_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str | None = None
) -> list[QuizAttempt]:
    """The user's quiz attempts on a roadmap (or one concept of it), oldest first."""
    query = select(QuizAttempt).where(QuizAttempt.user_id == user_id, QuizAttempt.roadmap_id == roadmap_id)
    if concept_id is not None:
        query = query.where(QuizAttempt.concept_id == concept_id)
    rows = await session.execute(query.order_by(QuizAttempt.created_at, QuizAttempt.id))
    return list(rows.scalars())


async def corrections_on_roadmap(
    session: AsyncSession, user_id: uuid.UUID, roadmap_id: uuid.UUID
) -> dict[str, MasteryCorrection]:
    rows = await session.execute(
        select(MasteryCorrection).where(
            MasteryCorrection.user_id == user_id, MasteryCorrection.roadmap_id == roadmap_id
        )
    )
    return {row.concept_id: row for row in rows.scalars()}


async def put_correction(
    session: AsyncSession, user_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str, correction: str
) -> MasteryCorrection:
    """The learner's newest word on a concept replaces the one before."""
    values = {"correction": correction, "created_at": datetime.now(UTC)}
    statement = (
        insert(MasteryCorrection)
        .values(user_id=user_id, roadmap_id=roadmap_id, concept_id=concept_id, **values)
        .on_conflict_do_update(
            index_elements=[
                MasteryCorrection.user_id,
                MasteryCorrection.roadmap_id,
                MasteryCorrection.concept_id,
            ],
            set_=values,
        )
        .returning(MasteryCorrection)
    )
    row: MasteryCorrection = (await session.execute(statement)).scalar_one()
    return row
