"""Bodies of the mentor routes (docs/mentor.md). The answer itself streams as SSE."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from waymark.text import NON_BLANK

MAX_QUESTION_CHARS = 2000
Preset = Literal["explain", "another_example", "simpler", "test_me"]


class MentorAsk(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"question": "Why does a move invalidate the old name?"},
                {"preset": "simpler"},
                {"question": "Help", "quiz_question_id": "q2"},
            ]
        },
    )

    question: (
        Annotated[str, StringConstraints(min_length=1, max_length=MAX_QUESTION_CHARS, pattern=NON_BLANK)]
        | None
    ) = None
    preset: Preset | None = Field(
        default=None, description="a ready-made question, used when none is given (neither: explain)"
    )
    session_id: uuid.UUID | None = Field(default=None, description="continue this session (else a new one)")
    quiz_question_id: (
        Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=NON_BLANK)] | None
    ) = Field(default=None, description="ask about this quiz question: hints until you attempt it")


class MentorMessageOut(BaseModel):
    id: uuid.UUID
    session_id: uuid.UUID
    role: Literal["user", "assistant"]
    status: Literal["streaming", "complete", "stopped", "failed"]
    content: str
    quiz_question_id: str | None
    hint_level: int | None
    checks: dict[str, Any] = Field(
        description="for an answer: citations kept, removed_citations, withheld, claims_removed, "
        "paragraphs [{from_material, citations}], actions [{type, label, method, path, body}], usage"
    )
    created_at: datetime


class MentorSessionOut(BaseModel):
    id: uuid.UUID
    roadmap_id: uuid.UUID
    concept_id: str
    title: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    created_at: datetime
    updated_at: datetime


class MentorSessionList(BaseModel):
    items: list[MentorSessionOut]


class MentorTranscript(BaseModel):
    session: MentorSessionOut
    messages: list[MentorMessageOut]


class StopAccepted(BaseModel):
    message_id: uuid.UUID
    status: str


class MentorBudgetOut(BaseModel):
    daily_tokens: int = Field(description="the day's limit (WAYMARK_MENTOR__DAILY_TOKENS)")
    used_tokens: int = Field(description="counted usage of today's finished answers")
    reserved_tokens: int = Field(description="held by answers streaming now (their upper-bound estimates)")
    remaining_tokens: int
    resets_at: datetime = Field(description="the next 00:00 UTC")
