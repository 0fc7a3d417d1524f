"""Bodies of the notes routes. A note is Markdown the learner wrote; it is stored as written,
shown as text by the web UI and sanitised where it becomes Markdown (the export)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from waymark.text import NON_BLANK

MAX_NOTE_CHARS = 10_000

NoteBody = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NOTE_CHARS, pattern=NON_BLANK)]
ConceptId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[^\x00/]+$")]


class NoteCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"body": "Ownership moves on assignment.", "concept_id": "ownership"}]
        },
    )

    body: NoteBody
    concept_id: ConceptId | None = Field(default=None, description="the concept it is about, if one")
    source_message_id: uuid.UUID | None = Field(
        default=None, description="the mentor answer this note saves (the 'save as note' action)"
    )


class NoteUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: NoteBody


class NoteOut(BaseModel):
    id: uuid.UUID
    roadmap_id: uuid.UUID
    concept_id: str | None
    body: str
    source_message_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


class NoteList(BaseModel):
    items: list[NoteOut]
