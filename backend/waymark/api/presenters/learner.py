"""The learner model → response bodies."""

from __future__ import annotations

from waymark.api.schemas.learner import ConceptMasteryOut, MissedQuestion
from waymark.learner.model import ConceptMastery


def mastery_out(row: ConceptMastery) -> ConceptMasteryOut:
    m = row.mastery
    return ConceptMasteryOut(
        concept_id=row.concept.concept_id,
        title=row.concept.title,
        score=m.score,
        mastered=m.mastered,
        source=m.source,
        attempts=m.attempts,
        capped=m.capped,
        reasons=m.reasons,
        missed=[MissedQuestion.model_validate(q) for q in m.missed],
        corrected=m.corrected,
        corrected_at=m.corrected_at,
        tested_out=row.concept.tested_out,
    )
