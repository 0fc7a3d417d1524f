"""/api/v1/roadmaps/{id}/notes: a learner's notes on a roadmap, optionally on one concept.
Owner-scoped: another user's roadmap or note answers 404 exactly like a missing one."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from waymark.api.deps import ApiUser, ReadSessionDep, SessionDep
from waymark.api.schemas.notes import ConceptId, NoteCreate, NoteList, NoteOut, NoteUpdate
from waymark.db.models import Note
from waymark.notes import service as notes
from waymark.tasks.errors import ConflictError, NotFoundError

router = APIRouter(prefix="/api/v1/roadmaps", tags=["notes"])

NOT_FOUND = NotFoundError.response("No such roadmap, concept or note (or not yours)")


def note_out(note: Note) -> NoteOut:
    return NoteOut.model_validate(note, from_attributes=True)


@router.get("/{roadmap_id}/notes", responses=NOT_FOUND)
async def list_notes(
    roadmap_id: uuid.UUID,
    user: ApiUser,
    session: ReadSessionDep,
    concept_id: Annotated[ConceptId | None, Query(description="only this concept's notes")] = None,
) -> NoteList:
    """Your notes on the roadmap, oldest first."""
    return NoteList(
        items=[note_out(n) for n in await notes.list_notes(session, user.id, roadmap_id, concept_id)]
    )


@router.post(
    "/{roadmap_id}/notes",
    status_code=status.HTTP_201_CREATED,
    responses={**NOT_FOUND, **ConflictError.response("The roadmap already holds the most notes it may")},
)
async def create_note(roadmap_id: uuid.UUID, body: NoteCreate, user: ApiUser, session: SessionDep) -> NoteOut:
    note = await notes.create(
        session, user.id, roadmap_id, body.concept_id, body.body, body.source_message_id
    )
    return note_out(note)


@router.put("/{roadmap_id}/notes/{note_id}", responses=NOT_FOUND)
async def edit_note(
    roadmap_id: uuid.UUID, note_id: uuid.UUID, body: NoteUpdate, user: ApiUser, session: SessionDep
) -> NoteOut:
    return note_out(await notes.edit(session, user.id, roadmap_id, note_id, body.body))


@router.delete("/{roadmap_id}/notes/{note_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
async def delete_note(roadmap_id: uuid.UUID, note_id: uuid.UUID, user: ApiUser, session: SessionDep) -> None:
    await notes.delete(session, user.id, roadmap_id, note_id)
