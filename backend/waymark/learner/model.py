"""The learner model's service: each concept's mastery on a roadmap, from the learner's
graded quiz attempts, their corrections and a placement check (``learner/mastery.py`` weighs
them); and the learner's corrections. Never commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Concept, MasteryCorrection, QuizAttempt, Roadmap
from waymark.db.repositories import learner
from waymark.db.repositories import roadmaps as roadmap_repo
from waymark.learner.mastery import Correction, CorrectionMark, Evidence, Mastery, assess


@dataclass(frozen=True)
class ConceptMastery:
    concept: Concept
    mastery: Mastery


def _assess(concept: Concept, attempts: list[QuizAttempt], correction: MasteryCorrection | None) -> Mastery:
    evidence = [Evidence(a.correct, a.total, a.created_at, list(a.missed or [])) for a in attempts]
    mark = (
        CorrectionMark(cast(Correction, correction.correction), correction.created_at) if correction else None
    )
    return assess(evidence, mark, tested_out=concept.tested_out)


async def roadmap_mastery(
    session: AsyncSession, owner_id: uuid.UUID, roadmap: Roadmap
) -> list[ConceptMastery]:
    """Every concept of the roadmap, in reading order, with its mastery."""
    concepts = await roadmap_repo.list_concepts(session, roadmap.id)
    attempts: dict[str, list[QuizAttempt]] = {}
    for attempt in await learner.attempts_on_roadmap(session, owner_id, roadmap.id):
        attempts.setdefault(attempt.concept_id, []).append(attempt)
    corrections = await learner.corrections_on_roadmap(session, owner_id, roadmap.id)
    return [
        ConceptMastery(c, _assess(c, attempts.get(c.concept_id, []), corrections.get(c.concept_id)))
        for c in concepts
    ]


async def correct(
    session: AsyncSession, owner_id: uuid.UUID, concept: Concept, correction: Correction
) -> ConceptMastery:
    """The learner's correction ("I know this", or reset), then the concept's mastery."""
    row = await learner.put_correction(session, owner_id, concept.roadmap_id, concept.concept_id, correction)
    attempts = await learner.attempts_on_roadmap(session, owner_id, concept.roadmap_id, concept.concept_id)
    return ConceptMastery(concept, _assess(concept, attempts, row))
