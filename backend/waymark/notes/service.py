"""The notes service: bounded, owner-scoped, on a roadmap or one of its concepts. Like every
service it never commits (the request owns the transaction)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Note
from waymark.db.repositories import mentor as mentor_repo
from waymark.db.repositories import notes as note_repo
from waymark.db.repositories import roadmaps as roadmap_repo
from waymark.roadmaps import service as roadmaps
from waymark.tasks.errors import ConflictError, NotFoundError, RoadmapNotFoundError

MAX_NOTES_PER_ROADMAP = 500


class NoteNotFoundError(NotFoundError):
    def __init__(self) -> None:
        super().__init__("Note not found")


async def create(
    session: AsyncSession,
    owner_id: uuid.UUID,
    roadmap_id: uuid.UUID,
    concept_id: str | None,
    body: str,
    source_message_id: uuid.UUID | None = None,
) -> Note:
    roadmap = await roadmaps.get_owned_roadmap(session, owner_id, roadmap_id)
    if concept_id is not None and await roadmap_repo.get_concept(session, roadmap.id, concept_id) is None:
        raise RoadmapNotFoundError("Concept not found in this roadmap")
    if (
        source_message_id is not None
        and await mentor_repo.owned_message(session, owner_id, source_message_id) is None
    ):
        raise NotFoundError("Mentor message not found")
    if await note_repo.count_for_roadmap(session, owner_id, roadmap.id) >= MAX_NOTES_PER_ROADMAP:
        raise ConflictError(f"a roadmap holds at most {MAX_NOTES_PER_ROADMAP} notes: delete one first")
    return await note_repo.add(
        session,
        owner_id=owner_id,
        roadmap_id=roadmap.id,
        concept_id=concept_id,
        body=body,
        source_message_id=source_message_id,
    )


async def list_notes(
    session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str | None = None
) -> list[Note]:
    roadmap = await roadmaps.get_owned_roadmap(session, owner_id, roadmap_id)
    return await note_repo.list_for_roadmap(session, owner_id, roadmap.id, concept_id)


async def edit(
    session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID, note_id: uuid.UUID, body: str
) -> Note:
    roadmap = await roadmaps.get_owned_roadmap(session, owner_id, roadmap_id)
    note = await note_repo.update_body(session, owner_id, roadmap.id, note_id, body)
    if note is None:
        raise NoteNotFoundError
    return note


async def delete(
    session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID, note_id: uuid.UUID
) -> None:
    roadmap = await roadmaps.get_owned_roadmap(session, owner_id, roadmap_id)
    if not await note_repo.remove(session, owner_id, roadmap.id, note_id):
        raise NoteNotFoundError
