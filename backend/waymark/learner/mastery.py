"""The learner model: how well a learner knows each concept, from evidence they can see and
correct (docs/learner.md, "Learner model"). Pure: the repositories read the evidence, this
module weighs it.

- Evidence is server-graded quiz attempts. Newer attempts weigh more: each older attempt
  counts half as much as the one after it.
- One attempt proves little (a lucky guess, a second look at the answers): until there is
  more than one, the score is capped at ``SINGLE_ATTEMPT_CAP``.
- The learner's own word stands until newer evidence: "I know this" (``known``) makes the
  concept mastered; ``reset`` forgets the attempts before it. A placement check that showed
  the concept known counts like "I know this", until a quiz says otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

RECENCY = 0.5  # an attempt weighs this much of the one after it
SINGLE_ATTEMPT_CAP = 0.6
MASTERED_AT = 0.8

Source = Literal["quiz", "corrected", "placement", "none"]
Correction = Literal["known", "reset"]


@dataclass(frozen=True)
class Evidence:
    correct: int
    total: int
    created_at: datetime
    missed: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class CorrectionMark:
    correction: Correction
    created_at: datetime


@dataclass(frozen=True)
class Mastery:
    score: float | None  # 0–1; None: nothing is known yet
    mastered: bool
    source: Source
    attempts: int  # the attempts counted (those after a correction)
    capped: bool
    reasons: list[str]
    missed: list[dict[str, Any]]  # the questions missed on the last counted attempt
    corrected: Correction | None
    corrected_at: datetime | None


def _weighted(attempts: Sequence[Evidence]) -> float:
    weights = [RECENCY ** (len(attempts) - 1 - index) for index in range(len(attempts))]
    scores = [a.correct / a.total if a.total else 0.0 for a in attempts]
    return sum(w * s for w, s in zip(weights, scores, strict=True)) / sum(weights)


def assess(
    attempts: Sequence[Evidence], correction: CorrectionMark | None, *, tested_out: bool = False
) -> Mastery:
    """``attempts`` oldest first."""
    since = correction.created_at if correction else None
    counted = [a for a in attempts if since is None or a.created_at > since]
    corrected = correction.correction if correction else None
    corrected_at = correction.created_at if correction else None
    if not counted:
        if corrected == "known":
            return Mastery(
                1.0, True, "corrected", 0, False, ["you marked this as known"], [], corrected, corrected_at
            )
        if tested_out and corrected is None:
            reasons = ["the placement check showed you know this"]
            return Mastery(1.0, True, "placement", 0, False, reasons, [], None, None)
        reason = "you reset it; no quiz attempt since" if corrected == "reset" else "no quiz attempt yet"
        return Mastery(None, False, "none", 0, False, [reason], [], corrected, corrected_at)
    last = counted[-1]
    score = _weighted(counted)
    reasons = [f"{last.correct} of {last.total} on the last attempt"]
    if len(counted) > 1:
        reasons.append(f"{len(counted)} attempts, the recent ones weigh more")
    capped = len(counted) == 1 and score > SINGLE_ATTEMPT_CAP
    if capped:
        score = SINGLE_ATTEMPT_CAP
        reasons.append(f"held at {SINGLE_ATTEMPT_CAP:.0%} until you take the quiz again")
    if corrected == "reset":
        reasons.append("counting only the attempts since you reset it")
    elif corrected == "known":
        reasons.append("newer quiz attempts replace your 'I know this'")
    score = round(score, 3)
    return Mastery(
        score,
        score >= MASTERED_AT,
        "quiz",
        len(counted),
        capped,
        reasons,
        list(last.missed),
        corrected,
        corrected_at,
    )
