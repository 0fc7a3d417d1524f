"""/api/v1/roadmaps/{id}/concepts/{cid}/mentor: ask the mentor (an SSE answer), list and
resume sessions, stop an answer. Owner-scoped: another user's roadmap, session or message
answers 404 exactly like a missing one (docs/mentor.md)."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Annotated

import structlog
from fastapi import APIRouter, HTTPException, Path, Request, status
from fastapi.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from waymark.api.deps import ApiUser, ReadSessionDep, SessionDep, SettingsDep
from waymark.api.ratelimit import Limit
from waymark.api.schemas.mentor import (
    MentorAsk,
    MentorMessageOut,
    MentorSessionList,
    MentorSessionOut,
    MentorTranscript,
    StopAccepted,
)
from waymark.api.streams import SlotStreamingResponse, StreamLimitError, StreamSlot
from waymark.db.models import MentorMessage, MentorSession
from waymark.db.repositories import mentor as mentor_repo
from waymark.mentor import budget
from waymark.mentor import service as mentor
from waymark.mentor.service import PRESETS, MentorSessionNotFoundError
from waymark.mentor.stream import Answer, StopSignal, answer_frames, finish_abandoned, request_stop
from waymark.tasks.errors import NotFoundError
from waymark.text import NO_NUL

log = structlog.get_logger(__name__)
router = APIRouter(prefix="/api/v1/roadmaps", tags=["mentor"])
ConceptPath = Annotated[str, Path(min_length=1, max_length=64, pattern=NO_NUL)]
NOT_FOUND = NotFoundError.response("No such roadmap, concept, session or message (or not yours)")
PREFIX = "/{roadmap_id}/concepts/{concept_id}/mentor"


def session_out(row: MentorSession) -> MentorSessionOut:
    return MentorSessionOut.model_validate(row, from_attributes=True)


def message_out(row: MentorMessage) -> MentorMessageOut:
    return MentorMessageOut.model_validate(row, from_attributes=True)


class AnswerResponse(SlotStreamingResponse):
    """Also writes the answer as ``stopped`` when the client left before its body began."""

    def __init__(self, content: object, slot: StreamSlot, answer: Answer, request: Request) -> None:
        super().__init__(
            content,
            slot,
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"},
        )
        self.answer, self.state = answer, request.app.state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            finish_abandoned(
                self.answer, self.answer.report, self.state.sessionmaker, self.state.mentor_finishers
            )


@router.post(
    PREFIX,
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "events: start, token {text}, done (the stored answer, MentorMessageOut), error",
        },
        **NOT_FOUND,
        429: {
            "description": "Over the mentor's per-minute limit, too many answers streaming, or today's "
            "token budget used up (then the body also has resets_at); Retry-After in every case"
        },
        503: {"description": "Too many answers streaming on this server (Retry-After)"},
    },
)
async def ask_mentor(
    roadmap_id: uuid.UUID,
    concept_id: ConceptPath,
    body: MentorAsk,
    request: Request,
    user: ApiUser,
    session: SessionDep,
    settings: SettingsDep,
) -> StreamingResponse:
    """Ask about one concept. The answer streams token by token; every citation is checked
    against the material sent, no unattempted quiz key is ever sent, actions are only proposed."""
    state = request.app.state
    started = time.perf_counter()
    roadmap, concept = await mentor.owned_concept(session, user.id, roadmap_id, concept_id)
    await state.limiter.check(Limit("mentor", str(user.id), settings.mentor.calls_per_minute))
    try:
        slot = await state.mentor_slots.acquire(user.id)
    except StreamLimitError as refused:
        raise HTTPException(
            refused.status, detail=refused.detail, headers={"Retry-After": str(refused.retry_after_s)}
        ) from None
    try:
        turn = await mentor.open_turn(
            session,
            user.id,
            roadmap,
            concept,
            question=body.question or PRESETS[body.preset or "explain"],
            session_id=body.session_id,
            quiz_question_id=body.quiz_question_id,
            history_limit=settings.mentor.history_messages,
        )
        reservation, turn.messages = await budget.reserve(
            session,
            user.id,
            (("full", turn.messages), ("short", turn.shorter_messages())),
            daily_tokens=settings.mentor.daily_tokens,
            answer_max_tokens=settings.mentor.answer_max_tokens,
            now=datetime.now(UTC),
        )
        turn.answer.checks = reservation.as_checks()
    except BaseException:
        await slot.release()
        raise
    log.info(
        "mentor.answer.opened",
        message_id=str(turn.answer.id),
        material_items=len(turn.material.items),
        context=reservation.context,
        reserved_tokens=reservation.tokens,
        open_ms=round((time.perf_counter() - started) * 1000, 1),
    )
    answer = Answer(turn, reservation, settings.mentor.answer_max_tokens)
    frames = answer_frames(
        answer,
        state.llm,
        state.sessionmaker,
        StopSignal(state.redis, turn.answer.id),
        slot.keep_alive,
        state.mentor_finishers,
    )
    return AnswerResponse(frames, slot, answer, request)


@router.get(f"{PREFIX}/sessions", responses=NOT_FOUND)
async def list_mentor_sessions(
    roadmap_id: uuid.UUID, concept_id: ConceptPath, user: ApiUser, session: ReadSessionDep
) -> MentorSessionList:
    """Your sessions on this concept, most recent first, with the usage of each."""
    rows = await mentor.list_sessions(session, user.id, roadmap_id, concept_id)
    return MentorSessionList(items=[session_out(r) for r in rows])


@router.get(f"{PREFIX}/sessions/{{session_id}}", responses=NOT_FOUND)
async def get_mentor_session(
    roadmap_id: uuid.UUID,
    concept_id: ConceptPath,
    session_id: uuid.UUID,
    user: ApiUser,
    session: ReadSessionDep,
) -> MentorTranscript:
    """The transcript: every question and answer, with the checks on each answer. Ask again
    with this ``session_id`` to continue it."""
    conversation = await mentor.owned_session(session, user.id, roadmap_id, concept_id, session_id)
    rows = await mentor.session_messages(session, conversation)
    return MentorTranscript(session=session_out(conversation), messages=[message_out(m) for m in rows])


@router.post(
    f"{PREFIX}/messages/{{message_id}}/stop", status_code=status.HTTP_202_ACCEPTED, responses=NOT_FOUND
)
async def stop_mentor_answer(
    roadmap_id: uuid.UUID,
    concept_id: ConceptPath,
    message_id: uuid.UUID,
    request: Request,
    user: ApiUser,
    session: ReadSessionDep,
) -> StopAccepted:
    """Stop an answer that is streaming; it ends ``stopped``, keeping what was sent."""
    await mentor.owned_concept(session, user.id, roadmap_id, concept_id)
    message = await mentor_repo.owned_message(session, user.id, message_id)
    if message is None or message.role != "assistant":
        raise MentorSessionNotFoundError
    if message.status == "streaming":
        await request_stop(request.app.state.redis, message.id)
    return StopAccepted(message_id=message.id, status=message.status)
