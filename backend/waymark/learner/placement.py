"""The placement check (docs/learner.md, "Placement check"): a short quiz by the ``assessor``
role on a goal's prerequisites and first concepts, graded here. Its result — a verified
level, the concepts shown known and the gaps — feeds a new roadmap's intent, and the
roadmap's concepts it shows known are *tested out*: kept, but their content is not generated
unless the learner asks. Keys never leave the server before the learner submits."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Placement
from waymark.db.repositories import placements as placement_repo
from waymark.learner.prompts import assessor_messages
from waymark.learner.schemas import PlacementQuiz
from waymark.llm.client import LLMClient
from waymark.llm.errors import LLMError
from waymark.roadmaps.framework import walk
from waymark.roadmaps.quiz import UnknownQuestionError, grade
from waymark.roadmaps.titles import title_key
from waymark.tasks.errors import ConflictError, NotFoundError, ServiceUnavailableError, UnprocessableError

log = structlog.get_logger(__name__)

PLACEMENT_KEY = "placement"  # the result, inside a task's preferences
KNOWN_AT = 1.0  # a concept is known when every question on it was right


class PlacementNotFoundError(NotFoundError):
    def __init__(self) -> None:
        super().__init__("Placement check not found")


def _levels(score: float) -> str:
    return "beginner" if score < 0.5 else "intermediate" if score < 0.85 else "advanced"


async def create(
    session: AsyncSession, llm: LLMClient, owner_id: uuid.UUID, goal: str, level: str, profile: dict[str, Any]
) -> Placement:
    """The assessor writes the check, then it is stored. ``session`` is first used after the
    call, so no database connection waits on the model (read ``profile`` beforehand with a
    session of its own)."""
    try:
        result = await llm.structured("assessor", assessor_messages(goal, level, profile), PlacementQuiz)
    except LLMError as error:
        log.warning("placement.assessor_failed", error=str(error)[:300])
        raise ServiceUnavailableError(
            "The placement check could not be written right now; retry shortly"
        ) from None
    questions = [q.model_dump(mode="json") for q in result.output.questions]
    return await placement_repo.add(session, owner_id=owner_id, goal=goal, level=level, questions=questions)


async def get_owned(session: AsyncSession, owner_id: uuid.UUID, placement_id: uuid.UUID) -> Placement:
    placement = await placement_repo.get_owned(session, owner_id, placement_id)
    if placement is None:
        raise PlacementNotFoundError
    return placement


def summary(result: Mapping[str, Any]) -> dict[str, Any]:
    """What a roadmap takes from a result: the verified level, known concepts and gaps."""
    return {key: result[key] for key in ("verified_level", "known_concepts", "gaps", "correct", "total")}


async def submit(
    session: AsyncSession, placement: Placement, answers: dict[str, list[int]]
) -> dict[str, Any]:
    """Grade once: the result, with every key and explanation (now that it is answered)."""
    if placement.result is not None:
        raise ConflictError("This placement check was already submitted")
    quiz = {"questions": placement.questions}
    try:
        graded = grade(quiz, answers)
    except UnknownQuestionError as error:
        raise UnprocessableError(str(error)) from None
    concept_of = {str(q["id"]): str(q["concept"]) for q in placement.questions}
    right: dict[str, list[bool]] = {}
    for g in graded:
        right.setdefault(concept_of[g.question_id], []).append(g.correct)
    correct = sum(1 for g in graded if g.correct)
    result = {
        "verified_level": _levels(correct / len(graded)),
        "known_concepts": [c for c, marks in right.items() if sum(marks) / len(marks) >= KNOWN_AT],
        "gaps": [c for c, marks in right.items() if sum(marks) / len(marks) < KNOWN_AT],
        "correct": correct,
        "total": len(graded),
        "results": [vars(g) | {"concept": concept_of[g.question_id]} for g in graded],
    }
    if not await placement_repo.store_result(session, placement.id, result, datetime.now(UTC)):
        raise ConflictError("This placement check was already submitted")
    return result


async def for_task(session: AsyncSession, owner_id: uuid.UUID, placement_id: uuid.UUID) -> dict[str, Any]:
    """The submitted result a new roadmap is built with: 404 for a missing or foreign
    check, 409 for one not submitted yet."""
    placement = await get_owned(session, owner_id, placement_id)
    if placement.result is None:
        raise ConflictError("The placement check is not submitted yet: answer it first")
    return summary(placement.result)


def tested_out_ids(framework: Mapping[str, Any], placement: Mapping[str, Any] | None) -> set[str]:
    """The framework's concepts the placement check showed known: same title as a known
    concept (``roadmaps/titles.py``: the same significant words)."""
    known = {title_key(str(title)) for title in (placement or {}).get("known_concepts", [])}
    if not known:
        return set()
    return {p.concept_id for p in walk(framework) if title_key(str(p.concept.get("title", ""))) in known}
