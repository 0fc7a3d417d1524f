"""The mentor's SQL: sessions and messages (scoped by owner), and what it reads of the
learner's own records (progress, quiz attempts)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import ConceptProgress, MentorMessage, MentorSession, QuizAttempt


async def progress_and_scores(
    session: AsyncSession, user_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str
) -> tuple[bool, list[float]]:
    completed = await session.scalar(
        select(ConceptProgress.completed).where(
            ConceptProgress.user_id == user_id,
            ConceptProgress.roadmap_id == roadmap_id,
            ConceptProgress.concept_id == concept_id,
        )
    )
    scores = await session.execute(
        select(QuizAttempt.score)
        .where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.roadmap_id == roadmap_id,
            QuizAttempt.concept_id == concept_id,
        )
        .order_by(QuizAttempt.created_at)
    )
    return bool(completed), [float(s) for s in scores.scalars()]


async def attempted_quiz_versions(
    session: AsyncSession, user_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str
) -> set[int]:
    rows = await session.execute(
        select(QuizAttempt.quiz_version)
        .where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.roadmap_id == roadmap_id,
            QuizAttempt.concept_id == concept_id,
        )
        .distinct()
    )
    return set(rows.scalars())


async def get_session(
    session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str, session_id: uuid.UUID
) -> MentorSession | None:
    return await session.scalar(
        select(MentorSession).where(
            MentorSession.id == session_id,
            MentorSession.owner_id == owner_id,
            MentorSession.roadmap_id == roadmap_id,
            MentorSession.concept_id == concept_id,
        )
    )


async def add_session(
    session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str, title: str
) -> MentorSession:
    row = MentorSession(
        id=uuid.uuid4(), owner_id=owner_id, roadmap_id=roadmap_id, concept_id=concept_id, title=title
    )
    session.add(row)
    await session.flush()
    return row


async def list_sessions(
    session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str, limit: int = 50
) -> list[MentorSession]:
    rows = await session.execute(
        select(MentorSession)
        .where(
            MentorSession.owner_id == owner_id,
            MentorSession.roadmap_id == roadmap_id,
            MentorSession.concept_id == concept_id,
        )
        .order_by(MentorSession.updated_at.desc())
        .limit(limit)
    )
    return list(rows.scalars())


async def add_message(session: AsyncSession, session_id: uuid.UUID, **values: Any) -> MentorMessage:
    row = MentorMessage(id=uuid.uuid4(), session_id=session_id, **values)
    session.add(row)
    await session.flush()
    return row


async def messages(session: AsyncSession, session_id: uuid.UUID, limit: int = 200) -> list[MentorMessage]:
    rows = await session.execute(
        select(MentorMessage)
        .where(MentorMessage.session_id == session_id)
        .order_by(MentorMessage.created_at, MentorMessage.role.desc())
        .limit(limit)
    )
    return list(rows.scalars())


async def hints_given(session: AsyncSession, session_id: uuid.UUID, quiz_question_id: str) -> int:
    count = await session.scalar(
        select(func.count()).where(
            MentorMessage.session_id == session_id,
            MentorMessage.role == "assistant",
            MentorMessage.quiz_question_id == quiz_question_id,
            MentorMessage.hint_level.is_not(None),
            MentorMessage.status == "complete",
        )
    )
    return int(count or 0)


async def owned_message(
    session: AsyncSession, owner_id: uuid.UUID, message_id: uuid.UUID
) -> MentorMessage | None:
    return await session.scalar(
        select(MentorMessage)
        .join(MentorSession, MentorSession.id == MentorMessage.session_id)
        .where(MentorMessage.id == message_id, MentorSession.owner_id == owner_id)
    )


async def finish_message(
    session: AsyncSession,
    message_id: uuid.UUID,
    *,
    status: str,
    content: str,
    checks: dict[str, Any],
    usage: tuple[int, int, float],
) -> bool:
    """An answer's last state, written once: only while it is still ``streaming`` (False when
    it no longer was)."""
    now = datetime.now(UTC)
    done = await session.execute(
        update(MentorMessage)
        .where(MentorMessage.id == message_id, MentorMessage.status == "streaming")
        .values(status=status, content=content, checks=checks, updated_at=now)
        .returning(MentorMessage.session_id)
    )
    session_id = done.scalar_one_or_none()
    if session_id is not None:
        prompt_tokens, completion_tokens, cost = usage
        await session.execute(
            update(MentorSession)
            .where(MentorSession.id == session_id)
            .values(
                prompt_tokens=MentorSession.prompt_tokens + prompt_tokens,
                completion_tokens=MentorSession.completion_tokens + completion_tokens,
                cost_usd=MentorSession.cost_usd + cost,
                updated_at=now,
            )
        )
    return session_id is not None


async def finish_abandoned_answers(session: AsyncSession, before: datetime) -> list[dict[str, Any]]:
    """Answers still ``streaming`` and untouched since ``before`` (their API process died
    mid-answer) become ``failed``, keeping the text they had. Returns their checks as they
    were: each holds the budget reservation to settle."""
    found = (
        await session.execute(
            select(MentorMessage.id, MentorMessage.checks)
            .where(MentorMessage.status == "streaming", MentorMessage.updated_at < before)
            .with_for_update(skip_locked=True)
        )
    ).all()
    if found:
        await session.execute(
            update(MentorMessage)
            .where(MentorMessage.id.in_([row.id for row in found]))
            .values(status="failed", checks={"abandoned": True}, updated_at=datetime.now(UTC))
        )
    return [dict(row.checks or {}) for row in found]
