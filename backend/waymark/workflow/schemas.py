"""Domain objects (DESIGN.md §5) and the structured outputs of every LLM role.

Every string and list is bounded; models that carry learner input forbid extra keys.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# Learner-editable text: PostgreSQL cannot store NUL characters, so they are refused up front.
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(pattern=NO_NUL)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=NO_NUL)]
Keyword = Annotated[str, StringConstraints(max_length=100, pattern=NO_NUL)]
Difficulty = Literal["easy", "medium", "hard"]
ResourceType = Literal["article", "video", "course", "documentation", "book", "tool"]
QuestionType = Literal["single", "multiple", "true_false"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Concept(Strict):
    concept_id: Text = Field(min_length=1, max_length=64)
    title: Text = Field(min_length=1, max_length=200)
    description: Text = Field(default="", max_length=2000)
    estimated_hours: float = Field(gt=0, le=200)
    difficulty: Difficulty = "medium"
    prerequisites: list[Id] = Field(default_factory=list, max_length=20)
    keywords: list[Keyword] = Field(default_factory=list, max_length=20)


class Module(Strict):
    module_id: Text = Field(min_length=1, max_length=64)
    title: Text = Field(min_length=1, max_length=200)
    description: Text = Field(default="", max_length=2000)
    concepts: list[Concept] = Field(max_length=20)


class Stage(Strict):
    stage_id: Text = Field(min_length=1, max_length=64)
    title: Text = Field(min_length=1, max_length=200)
    description: Text = Field(default="", max_length=2000)
    order: int = Field(ge=0, le=100)
    modules: list[Module] = Field(max_length=12)


class RoadmapFramework(Strict):
    title: Text = Field(min_length=1, max_length=300)
    summary: Text = Field(default="", max_length=4000)
    total_estimated_hours: float = Field(gt=0, le=10_000)
    recommended_weeks: int = Field(ge=1, le=520)
    stages: list[Stage] = Field(min_length=1, max_length=10)

    def concepts(self) -> list[Concept]:
        """Every concept in reading order."""
        return [c for stage in self.stages for module in stage.modules for c in module.concepts]


class IntentAnalysis(Strict):
    topic: str = Field(max_length=200)
    level: Literal["beginner", "intermediate", "advanced"]
    goals: list[str] = Field(max_length=10)
    constraints: list[str] = Field(default_factory=list, max_length=10)
    focus_areas: list[str] = Field(default_factory=list, max_length=10)
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
