"""The roadmap framework (stages → modules → concepts) and the one walk over it.

The API (edits), the workflow (proposals) and content generation (one unit per concept and
content type) all read frameworks through this module. Stored frameworks are plain JSON
documents, so the helpers take the dict form; ``RoadmapFramework`` validates one (a learner's
edit), ``ProposedFramework`` validates a model's after repairing its ids (``roadmaps.ids``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from waymark.roadmaps.ids import SAFE_ID_PATTERN, repair_ids
from waymark.statuses import ContentType
from waymark.text import NO_NUL, Text

# a-z, 0-9, "_" and "-", 1-64 characters: a URL path segment and a key as written
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=SAFE_ID_PATTERN)]
Keyword = Annotated[str, StringConstraints(max_length=100, pattern=NO_NUL)]
Difficulty = Literal["easy", "medium", "hard"]

DEFAULT_MAX_CONCEPTS = 150  # per roadmap: each concept is up to three paid generations
DEFAULT_WEEKLY_HOURS = 5.0
ALL_CONTENT_TYPES = (ContentType.TUTORIAL, ContentType.RESOURCES, ContentType.QUIZ)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Concept(Strict):
    concept_id: Id
    title: Text = Field(min_length=1, max_length=200)
    description: Text = Field(default="", max_length=2000)
    estimated_hours: float = Field(gt=0, le=200)
    difficulty: Difficulty = "medium"
    prerequisites: list[Id] = Field(default_factory=list, max_length=20)
    keywords: list[Keyword] = Field(default_factory=list, max_length=20)


class Module(Strict):
    module_id: Id
    title: Text = Field(min_length=1, max_length=200)
    description: Text = Field(default="", max_length=2000)
    concepts: list[Concept] = Field(max_length=20)


class Stage(Strict):
    stage_id: Id
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


class ProposedFramework(RoadmapFramework):
    """A framework a model wrote: its ids are repaired (slugified, made unique, prerequisites
    following) before the rules of ``RoadmapFramework`` apply, so an id such as
    ``Ownership/Borrowing`` costs no repair round and never reaches a URL."""

    @model_validator(mode="before")
    @classmethod
    def _repair_ids(cls, data: Any) -> Any:
        return repair_ids(data)


@dataclass(frozen=True)
class PlacedConcept:
    """A concept with where it sits: indexes into the framework and its parents' ids."""

    concept: Mapping[str, Any]
    stage: Mapping[str, Any]
    module: Mapping[str, Any]
    stage_index: int
    module_index: int
    concept_index: int
    position: int  # in reading order over the whole roadmap

    @property
    def concept_id(self) -> str:
        return str(self.concept["concept_id"])

    @property
    def loc(self) -> tuple[str | int, ...]:
        """The concept's path inside the framework document."""
        return ("stages", self.stage_index, "modules", self.module_index, "concepts", self.concept_index)


def walk(framework: Mapping[str, Any]) -> Iterator[PlacedConcept]:
    """Every concept in reading order (stage, module, concept)."""
    position = 0
    for s, stage in enumerate(framework.get("stages", [])):
        for m, module in enumerate(stage.get("modules", [])):
            for c, concept in enumerate(module.get("concepts", [])):
                yield PlacedConcept(concept, stage, module, s, m, c, position)
                position += 1


def concepts(framework: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [placed.concept for placed in walk(framework)]


def concept_count(framework: Mapping[str, Any]) -> int:
    return sum(len(m.get("concepts", [])) for s in framework.get("stages", []) for m in s.get("modules", []))


def find_concept(framework: Mapping[str, Any], concept_id: str) -> Mapping[str, Any] | None:
    return next((p.concept for p in walk(framework) if p.concept_id == concept_id), None)


def concept_hours(framework: Mapping[str, Any]) -> float:
    return float(sum(float(c.get("estimated_hours") or 0) for c in concepts(framework)))


def requested_content_types(preferences: Mapping[str, Any]) -> tuple[ContentType, ...]:
    """The content types the learner asked for, in generation order (all three by default)."""
    wanted = preferences.get("content_types") or [t.value for t in ALL_CONTENT_TYPES]
    return tuple(t for t in ALL_CONTENT_TYPES if t.value in wanted)


def weekly_hours(preferences: Mapping[str, Any]) -> float:
    return float(preferences.get("weekly_hours") or 0) or DEFAULT_WEEKLY_HOURS
