"""The learner's profile: one row per user (deleted with the account by its foreign key)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import LearnerProfile


async def get_profile(session: AsyncSession, user_id: uuid.UUID) -> LearnerProfile | None:
    found: LearnerProfile | None = await session.scalar(
        select(LearnerProfile).where(LearnerProfile.user_id == user_id)
    )
    return found


async def put_profile(session: AsyncSession, user_id: uuid.UUID, profile: dict[str, Any]) -> LearnerProfile:
    now = datetime.now(UTC)
    statement = (
        insert(LearnerProfile)
        .values(user_id=user_id, profile=profile, created_at=now, updated_at=now)
        .on_conflict_do_update(
            index_elements=[LearnerProfile.user_id], set_={"profile": profile, "updated_at": now}
        )
        .returning(LearnerProfile)
    )
    row: LearnerProfile = (await session.execute(statement)).scalar_one()
    return row
