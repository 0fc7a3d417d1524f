from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import ReviewRecord
from waymark.statuses import ReviewDecision


async def record_review(
    session: AsyncSession,
    *,
    task_id: uuid.UUID,
    review_round: int,
    decision: ReviewDecision,
    feedback: str | None,
    framework: dict[str, Any] | None,
    proposal: dict[str, Any] | None = None,
    wrong_assumption: str | None = None,
) -> None:
    """One row per (task, round); recording the same round again changes nothing."""
    await session.execute(
        insert(ReviewRecord)
        .values(
            id=uuid.uuid4(),
            task_id=task_id,
            round=review_round,
            decision=decision.value,
            feedback=feedback,
            framework=framework,
            proposal=proposal,
            wrong_assumption=wrong_assumption,
        )
        .on_conflict_do_nothing(index_elements=[ReviewRecord.task_id, ReviewRecord.round])
    )


async def list_reviews(session: AsyncSession, task_id: uuid.UUID) -> list[ReviewRecord]:
    """The task's decided rounds, oldest first."""
    rows = await session.execute(
        select(ReviewRecord).where(ReviewRecord.task_id == task_id).order_by(ReviewRecord.round)
    )
    return list(rows.scalars())
