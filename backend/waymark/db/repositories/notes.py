"""A learner's notes: every statement is scoped by owner (another user's note is missing)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Note


async def count_for_roadmap(session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID) -> int:
    query = select(func.count()).where(Note.owner_id == owner_id, Note.roadmap_id == roadmap_id)
    return int(await session.scalar(query) or 0)


async def add(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    roadmap_id: uuid.UUID,
    concept_id: str | None,
    body: str,
    source_message_id: uuid.UUID | None = None,
) -> Note:
    note = Note(
        id=uuid.uuid4(),
        owner_id=owner_id,
        roadmap_id=roadmap_id,
        concept_id=concept_id,
        body=body,
        source_message_id=source_message_id,
    )
    session.add(note)
    await session.flush()
    return note


async def list_for_roadmap(
    session: AsyncSession,
    owner_id: uuid.UUID,
    roadmap_id: uuid.UUID,
    concept_id: str | None = None,
    *,
    limit: int = 500,
) -> list[Note]:
    query = select(Note).where(Note.owner_id == owner_id, Note.roadmap_id == roadmap_id)
    if concept_id is not None:
        query = query.where(Note.concept_id == concept_id)
    rows = await session.execute(query.order_by(Note.created_at, Note.id).limit(limit))
    return list(rows.scalars())


async def update_body(
    session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID, note_id: uuid.UUID, body: str
) -> Note | None:
    statement = (
        update(Note)
        .where(Note.id == note_id, Note.owner_id == owner_id, Note.roadmap_id == roadmap_id)
        .values(body=body, updated_at=datetime.now(UTC))
        .returning(Note)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def remove(
    session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID, note_id: uuid.UUID
) -> bool:
    statement = (
        delete(Note)
        .where(Note.id == note_id, Note.owner_id == owner_id, Note.roadmap_id == roadmap_id)
        .returning(Note.id)
    )
    return (await session.execute(statement)).scalar_one_or_none() is not None
