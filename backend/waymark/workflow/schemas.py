"""Structured outputs of the workflow's LLM roles (the framework itself is
``waymark.roadmaps.framework.RoadmapFramework``). Every string and list is bounded."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from waymark.roadmaps.framework import Strict

Item = Annotated[str, StringConstraints(max_length=300)]


class IntentAnalysis(Strict):
    topic: str = Field(max_length=200)
    level: Literal["beginner", "intermediate", "advanced"]
    goals: list[Item] = Field(max_length=10)
    constraints: list[Item] = Field(default_factory=list, max_length=10)
    focus_areas: list[Item] = Field(default_factory=list, max_length=10)
    assumed_knowledge: list[Item] = Field(
        default_factory=list, max_length=15, description="what the learner is taken to know already"
    )
    suggested_stages: int = Field(ge=1, le=10)
    weekly_hours: float = Field(gt=0, le=80)


class QualityScores(Strict):
    coverage: float = Field(ge=0, le=10)
    progression: float = Field(ge=0, le=10)
    granularity: float = Field(ge=0, le=10)
    clarity: float = Field(ge=0, le=10)


class QualityReview(Strict):
    scores: QualityScores
    overall: float = Field(ge=0, le=10)
    issues: list[str] = Field(default_factory=list, max_length=20)
    passed: bool
