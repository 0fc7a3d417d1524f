"""Placement checks: the questions with their keys, and the graded result."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Placement


async def add(
    session: AsyncSession, *, owner_id: uuid.UUID, goal: str, level: str, questions: list[dict[str, Any]]
) -> Placement:
    placement = Placement(id=uuid.uuid4(), owner_id=owner_id, goal=goal, level=level, questions=questions)
    session.add(placement)
    await session.flush()
    return placement


async def get_owned(session: AsyncSession, owner_id: uuid.UUID, placement_id: uuid.UUID) -> Placement | None:
    found: Placement | None = await session.scalar(
        select(Placement).where(Placement.id == placement_id, Placement.owner_id == owner_id)
    )
    return found


async def store_result(
    session: AsyncSession, placement_id: uuid.UUID, result: dict[str, Any], at: datetime
) -> bool:
    """Once: False when a result was stored first (two submissions at once)."""
    stored = await session.scalar(
        update(Placement)
        .where(Placement.id == placement_id, Placement.result.is_(None))
        .values(result=result, submitted_at=at)
        .returning(Placement.id)
    )
    return stored is not None
