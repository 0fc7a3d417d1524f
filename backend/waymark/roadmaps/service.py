"""The Roadmap service: what a learner does with a finished roadmap (ownership, quiz
attempts, progress, share links, deletion). Like the task service it never commits."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Concept, ConceptProgress, QuizAttempt, Roadmap
from waymark.db.repositories import contents as content_repo
from waymark.db.repositories import learner
from waymark.db.repositories import roadmaps as roadmap_repo
from waymark.db.repositories.ownership import get_owned
from waymark.roadmaps.quiz import Graded, UnknownQuestionError, grade
from waymark.settings import RoadmapSettings
from waymark.statuses import ContentType
from waymark.tasks import service as tasks
from waymark.tasks.errors import ConflictError, RoadmapNotFoundError, UnprocessableError


async def get_owned_roadmap(session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID) -> Roadmap:
    roadmap = await get_owned(session, Roadmap, roadmap_id, owner_id)
    if roadmap is None or roadmap.deleted_at is not None:  # the trash is read only through its routes
        raise RoadmapNotFoundError
    return roadmap


async def get_owned_concept(
    session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID, concept_id: str
) -> tuple[Roadmap, Concept]:
    roadmap = await get_owned_roadmap(session, owner_id, roadmap_id)
    concept = await roadmap_repo.get_concept(session, roadmap.id, concept_id)
    if concept is None:
        raise RoadmapNotFoundError("Concept not found in this roadmap")
    return roadmap, concept


@dataclass(frozen=True)
class QuizOutcome:
    attempt: QuizAttempt
    quiz_version: int
    graded: list[Graded]


async def attempt_quiz(
    session: AsyncSession, owner_id: uuid.UUID, concept: Concept, answers: dict[str, list[int]]
) -> QuizOutcome:
    """Grade on the server against the newest completed quiz; the attempt is kept."""
    quizzes = await content_repo.newest_completed(session, concept.roadmap_id, concept.concept_id)
    quiz = next((q for q in quizzes if q.content_type is ContentType.QUIZ and q.body), None)
    if quiz is None or quiz.body is None:
        raise ConflictError("This concept's quiz is not generated yet")
    try:
        graded = grade(quiz.body, answers)
    except UnknownQuestionError as error:
        raise UnprocessableError(str(error)) from None
    correct = sum(1 for g in graded if g.correct)
    prompts = {str(q.get("id")): str(q.get("prompt", "")) for q in quiz.body.get("questions", [])}
    missed = [
        {"question_id": g.question_id, "prompt": prompts.get(g.question_id, "")}
        for g in graded
        if not g.correct
    ]
    attempt = await learner.add_quiz_attempt(
        session,
        user_id=owner_id,
        roadmap_id=concept.roadmap_id,
        concept_id=concept.concept_id,
        quiz_version=quiz.version,
        answers={k: list(v) for k, v in answers.items()},
        correct=correct,
        total=len(graded),
        missed=missed,
    )
    return QuizOutcome(attempt, quiz.version, graded)


async def set_progress(
    session: AsyncSession, owner_id: uuid.UUID, concept: Concept, completed: bool
) -> ConceptProgress:
    return await learner.set_progress(session, owner_id, concept.roadmap_id, concept.concept_id, completed)


async def share(session: AsyncSession, roadmap: Roadmap) -> str:
    """The roadmap's public slug (an unguessable 32 characters); sharing again keeps it, and
    two requests at once get the same one (the slug is claimed by one conditional UPDATE)."""
    if roadmap.share_slug is not None:
        return roadmap.share_slug
    slug = await roadmap_repo.claim_share_slug(session, roadmap.id, secrets.token_urlsafe(24))
    if slug is None:
        raise RoadmapNotFoundError
    return slug


async def unshare(session: AsyncSession, roadmap: Roadmap) -> None:
    await roadmap_repo.set_share_slug(session, roadmap.id, None)


async def delete(session: AsyncSession, roadmap: Roadmap) -> None:
    """Into the trash (restorable for ``ROADMAP_TRASH_DAYS``, then purged by the retention
    job); tasks still writing to it are cancelled first — including a regeneration created
    while this waited for the roadmap's row — and its share link stops working at once."""
    await roadmap_repo.lock_for_delete(session, roadmap.id)
    await tasks.cancel_roadmap_tasks(session, roadmap.id)
    await roadmap_repo.move_to_trash(session, roadmap.id)


async def restore(session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID) -> Roadmap:
    """Out of the trash with its content, progress and quiz attempts; not shared again."""
    roadmap = await roadmap_repo.restore(session, owner_id, roadmap_id)
    if roadmap is None:
        raise RoadmapNotFoundError  # not yours, or not in the trash: the same answer
    return roadmap


def purge_at(roadmap: Roadmap, settings: RoadmapSettings) -> datetime | None:
    """When the retention job may purge a trashed roadmap."""
    if roadmap.deleted_at is None:
        return None
    return roadmap.deleted_at + timedelta(days=settings.trash_days)
