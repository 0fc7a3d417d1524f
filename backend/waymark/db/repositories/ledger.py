"""The mentor's daily token ledger: a reservation is one conditional upsert, so concurrent
answers in any number of API processes can never reserve past the day's limit together."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import MentorTokenLedger


async def day_row(session: AsyncSession, user_id: uuid.UUID, day: date) -> tuple[int, int]:
    """(used, reserved) tokens of ``user_id`` on ``day``; (0, 0) before the first answer."""
    row = (
        await session.execute(
            select(MentorTokenLedger.used_tokens, MentorTokenLedger.reserved_tokens).where(
                MentorTokenLedger.user_id == user_id, MentorTokenLedger.day == day
            )
        )
    ).first()
    return (int(row[0]), int(row[1])) if row else (0, 0)


async def reserve(session: AsyncSession, user_id: uuid.UUID, day: date, tokens: int, limit: int) -> bool:
    """Hold ``tokens`` for an answer if used + reserved + tokens stays within ``limit``."""
    if tokens > limit:
        return False
    table = MentorTokenLedger.__table__
    statement = (
        insert(MentorTokenLedger)
        .values(user_id=user_id, day=day, used_tokens=0, reserved_tokens=tokens)
        .on_conflict_do_update(
            index_elements=[MentorTokenLedger.user_id, MentorTokenLedger.day],
            set_={"reserved_tokens": table.c.reserved_tokens + tokens, "updated_at": func.now()},
            where=table.c.used_tokens + table.c.reserved_tokens + tokens <= limit,
        )
        .returning(MentorTokenLedger.reserved_tokens)
    )
    return (await session.execute(statement)).first() is not None


async def settle(session: AsyncSession, user_id: uuid.UUID, day: date, reserved: int, used: int) -> None:
    """Release an answer's reservation and book what it really used."""
    await session.execute(
        update(MentorTokenLedger)
        .where(MentorTokenLedger.user_id == user_id, MentorTokenLedger.day == day)
        .values(
            reserved_tokens=func.greatest(MentorTokenLedger.reserved_tokens - reserved, 0),
            used_tokens=MentorTokenLedger.used_tokens + used,
            updated_at=func.now(),
        )
    )
