"""Structured outputs of the content roles: tutorial, resources, quiz (docs/architecture.md
§5). Every string and list is bounded."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from waymark.roadmaps.framework import Difficulty, Strict

ResourceType = Literal["article", "video", "course", "documentation", "book", "tool"]
QuestionType = Literal["single", "multiple", "true_false"]


class Source(Strict):
    title: str = Field(max_length=300)
    url: str = Field(max_length=2000)


class Tutorial(Strict):
    title: str = Field(max_length=300)
    summary: str = Field(max_length=2000)
    body_markdown: str = Field(min_length=1, max_length=60_000)
    estimated_minutes: int = Field(ge=1, le=600)
    sources: list[Source] = Field(default_factory=list, max_length=20)


class ResourceItem(Strict):
    title: str = Field(max_length=300)
    url: str = Field(max_length=2000)
    type: ResourceType
    description: str = Field(max_length=1000)
    relevance: float = Field(ge=0, le=1)


class ResourceList(Strict):
    resources: list[ResourceItem] = Field(min_length=4, max_length=10)


class QuizQuestion(Strict):
    id: str = Field(max_length=32)
    type: QuestionType
    prompt: str = Field(max_length=1000)
    options: list[str] = Field(min_length=2, max_length=8)
    answer: list[int] = Field(min_length=1, max_length=8, description="indexes into options")
    explanation: str = Field(max_length=2000)
    difficulty: Difficulty


class Quiz(Strict):
    questions: list[QuizQuestion] = Field(min_length=4, max_length=8)
