"""Bodies of the learner's routes (/api/v1/me/profile). Every field is bounded; unknown keys
are refused. What is kept and for how long: docs/learner.md."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from waymark.api.schemas.tasks import Goal, Language
from waymark.text import NON_BLANK, Text

SkillLevel = Literal["none", "beginner", "intermediate", "advanced", "expert"]
Format = Literal["reading", "video", "hands_on"]
Name = Annotated[
    str, StringConstraints(min_length=1, max_length=80, pattern=NON_BLANK, strip_whitespace=True)
]


class Technology(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    level: SkillLevel = Field(description="the learner's own rating")


class Profile(BaseModel):
    """What the learner says about themselves. Every field is optional; a PUT replaces the
    whole profile."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "background": "Five years of web backends",
                    "role": "Backend engineer",
                    "technologies": [
                        {"name": "Python", "level": "advanced"},
                        {"name": "C", "level": "beginner"},
                    ],
                    "primary_language": "en",
                    "secondary_language": "de",
                    "weekly_hours": 6,
                    "preferred_formats": ["hands_on", "reading"],
                    "about_me": "I learn best by building small tools.",
                }
            ]
        },
    )

    background: Text | None = Field(default=None, max_length=2000)
    role: Text | None = Field(default=None, max_length=200)
    technologies: list[Technology] = Field(
        default_factory=list,
        max_length=30,
        description="a name listed twice (case aside) keeps its last rating",
    )
    primary_language: Language | None = Field(default=None, description="BCP 47 tag")
    secondary_language: Language | None = None
    weekly_hours: float | None = Field(default=None, gt=0, le=80)
    preferred_formats: list[Format] = Field(
        default_factory=list, max_length=3, json_schema_extra={"uniqueItems": True}
    )
    about_me: Text | None = Field(default=None, max_length=1000, description="free text, kept as data")

    @field_validator("technologies")
    @classmethod
    def _last_rating_wins(cls, value: list[Technology]) -> list[Technology]:
        """Each technology once, where it was first listed, with its last rating."""
        rated: dict[str, Technology] = {}
        for technology in value:
            key = technology.name.casefold()
            rated[key] = (
                rated[key].model_copy(update={"level": technology.level}) if key in rated else technology
            )
        return list(rated.values())

    @field_validator("preferred_formats")
    @classmethod
    def _distinct_formats(cls, value: list[Format]) -> list[Format]:
        if len(set(value)) != len(value):
            raise ValueError("each format once")
        return value


class ProfileOut(Profile):
    updated_at: datetime | None = Field(description="None until the learner saves a profile")


class MissedQuestion(BaseModel):
    question_id: str
    prompt: str


class ConceptMasteryOut(BaseModel):
    concept_id: str
    title: str
    score: float | None = Field(description="0–1; null while nothing is known")
    mastered: bool = Field(description="score ≥ 0.8: the pace plan leaves the concept out")
    source: Literal["quiz", "corrected", "placement", "none"]
    attempts: int = Field(description="quiz attempts counted (those after your last correction)")
    capped: bool = Field(description="held at 0.6 because there is only one attempt")
    reasons: list[str] = Field(description="why, in words: '2 of 3 on the last attempt', …")
    missed: list[MissedQuestion] = Field(description="the questions missed on the last attempt")
    corrected: Literal["known", "reset"] | None
    corrected_at: datetime | None
    tested_out: bool = Field(description="a placement check showed it known: its content is not generated")


class RoadmapMastery(BaseModel):
    roadmap_id: uuid.UUID
    mastered_at: float = Field(description="the score from which a concept counts as mastered")
    items: list[ConceptMasteryOut]


class MasteryCorrectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"correction": "known"}]})

    correction: Literal["known", "reset"] = Field(
        description="known: 'I know this' (mastered until a newer quiz attempt); reset: forget the attempts"
    )


class PlacementCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"goal": "Learn Rust for embedded work"}]}
    )

    goal: Goal
    level: Literal["beginner", "intermediate", "advanced"] = Field(
        default="beginner", description="what you think your level is; the check verifies it"
    )


class PlacementQuestionOut(BaseModel):
    """A question as the learner sees it before answering: no key, no explanation."""

    id: str
    concept: str
    type: Literal["single", "multiple", "true_false"]
    prompt: str
    options: list[str]


class PlacementGraded(BaseModel):
    question_id: str
    concept: str
    correct: bool
    your_answer: list[int]
    answer: list[int]
    explanation: str


class PlacementResult(BaseModel):
    verified_level: Literal["beginner", "intermediate", "advanced"]
    known_concepts: list[str] = Field(description="every question on them right: tested out in a new roadmap")
    gaps: list[str]
    correct: int
    total: int
    results: list[PlacementGraded]


class PlacementOut(BaseModel):
    id: uuid.UUID
    goal: str
    level: str
    questions: list[PlacementQuestionOut]
    result: PlacementResult | None = Field(description="null until you submit your answers")
    created_at: datetime
    submitted_at: datetime | None


class PlacementAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"answers": {"q1": [0]}}]})

    answers: dict[
        Annotated[str, StringConstraints(min_length=1, max_length=32)],
        Annotated[list[Annotated[int, Field(ge=0, le=20)]], Field(max_length=6)],
    ] = Field(max_length=12, description="question id → chosen option indexes; unanswered is wrong")
