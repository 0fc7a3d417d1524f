"""The mentor service: opens a turn (ownership, the session, the material, the hint ladder,
the question and the answer row), and lists sessions. It never commits; the answer itself is
streamed and written by ``mentor/stream.py``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Concept, MentorMessage, MentorSession, Roadmap
from waymark.db.repositories import mentor as mentor_repo
from waymark.llm.messages import Messages
from waymark.mentor import material as material_builder
from waymark.mentor.material import Material
from waymark.mentor.prompts import history_messages, mentor_messages
from waymark.roadmaps import service as roadmaps
from waymark.tasks.errors import NotFoundError, RoadmapNotFoundError

PRESETS = {
    "explain": "Explain this concept to me.",
    "another_example": "Give me another example.",
    "simpler": "Explain it more simply.",
    "test_me": "Test my understanding with one question (do not give the answer).",
}
HINT_TOP = 3


class MentorSessionNotFoundError(NotFoundError):
    def __init__(self) -> None:
        super().__init__("Mentor session not found")


@dataclass
class Turn:
    roadmap: Roadmap
    concept: Concept
    session: MentorSession
    question: MentorMessage
    answer: MentorMessage
    material: Material
    mode: str
    messages: Messages

    def shorter_messages(self) -> Messages:
        """The same question over the material cut short and without earlier turns (a low
        budget's context)."""
        return mentor_messages(
            material_builder.shortened(self.material), [], self.question.content, self.mode
        )


async def owned_concept(
    session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str
) -> tuple[Roadmap, Concept]:
    return await roadmaps.get_owned_concept(session, owner_id, roadmap_id, concept_id)


async def owned_session(
    session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str, session_id: uuid.UUID
) -> MentorSession:
    await owned_concept(session, owner_id, roadmap_id, concept_id)
    found = await mentor_repo.get_session(session, owner_id, roadmap_id, concept_id, session_id)
    if found is None:
        raise MentorSessionNotFoundError
    return found


async def open_turn(
    session: AsyncSession,
    owner_id: uuid.UUID,
    roadmap: Roadmap,
    concept: Concept,
    *,
    question: str,
    session_id: uuid.UUID | None,
    quiz_question_id: str | None,
    history_limit: int,
) -> Turn:
    if session_id is not None:
        conversation = await owned_session(session, owner_id, roadmap.id, concept.concept_id, session_id)
    else:
        conversation = await mentor_repo.add_session(
            session, owner_id, roadmap.id, concept.concept_id, " ".join(question.split())[:200]
        )
    material = await material_builder.build(session, owner_id, roadmap, concept)
    mode, hint_level = "answer", None
    if quiz_question_id is not None:
        if quiz_question_id not in material.question_ids:
            raise RoadmapNotFoundError(f"No question {quiz_question_id!r} in this concept's quiz")
        if material.question_ids[quiz_question_id]:
            mode = f"explain quiz question {quiz_question_id}"
        else:
            given = await mentor_repo.hints_given(session, conversation.id, quiz_question_id)
            hint_level = min(HINT_TOP, given + 1)
            mode = f"hint {hint_level} for quiz question {quiz_question_id}"
    earlier = [
        (m.role, m.content)
        for m in await mentor_repo.messages(session, conversation.id)
        if m.status in ("complete", "stopped") and m.content
    ]
    asked = await mentor_repo.add_message(
        session,
        conversation.id,
        role="user",
        status="complete",
        content=question,
        quiz_question_id=quiz_question_id,
        checks={},
    )
    answer = await mentor_repo.add_message(
        session,
        conversation.id,
        role="assistant",
        status="streaming",
        content="",
        quiz_question_id=quiz_question_id,
        hint_level=hint_level,
        checks={},
    )
    messages = mentor_messages(material, history_messages(earlier, history_limit), question, mode)
    return Turn(roadmap, concept, conversation, asked, answer, material, mode, messages)


async def list_sessions(
    session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str
) -> list[MentorSession]:
    roadmap, concept = await owned_concept(session, owner_id, roadmap_id, concept_id)
    return await mentor_repo.list_sessions(session, owner_id, roadmap.id, concept.concept_id)


async def session_messages(session: AsyncSession, conversation: MentorSession) -> list[MentorMessage]:
    return await mentor_repo.messages(session, conversation.id)
