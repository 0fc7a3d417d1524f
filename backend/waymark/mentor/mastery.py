"""The learner's standing on one concept, as the mentor reads it. The one place the mentor
takes mastery from: today quiz attempts and progress; the learner model
(docs/learner.md) can take its place here without touching the rest of the mentor."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.repositories import mentor as mentor_repo


async def concept_standing(
    session: AsyncSession, user_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str
) -> dict[str, Any]:
    completed, scores = await mentor_repo.progress_and_scores(session, user_id, roadmap_id, concept_id)
    return {
        "completed": completed,
        "quiz_attempts": len(scores),
        "best_score": max(scores) if scores else None,
        "last_score": scores[-1] if scores else None,
    }
