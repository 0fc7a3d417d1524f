"""The LLM simulator's roadmaps look like real ones: the first roadmap a newcomer sees on the
dev stack (4 stages × 3 modules × 4 concepts) and larger ones never repeat a concept, and
never repeat a module name, whatever the goal."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from tests.fixtures.sim import Simulator
from waymark.roadmaps.framework import RoadmapFramework, walk
from waymark.roadmaps.rules import validate_framework
from waymark.workflow import prompts

GOALS = ["Learn Rust for embedded work", "Learn Python for data analysis", "Learn Go for web services"]


def proposal(sim: Simulator, goal: str) -> dict[str, Any]:
    preferences = {"level": "beginner", "weekly_hours": 6}
    messages = prompts.curriculum_messages(goal, preferences, {"topic": goal})
    response = httpx.post(
        f"{sim.urls.llm_base_url}/chat/completions", json={"model": "sim", "messages": messages}, timeout=30
    )
    response.raise_for_status()
    framework: dict[str, Any] = json.loads(response.json()["choices"][0]["message"]["content"])
    return framework


def words(title: str) -> str:
    """A title without case, punctuation, spacing or word order."""
    return " ".join(sorted(set(re.findall(r"\w+", title.lower()))))


def repeated(titles: list[str]) -> list[str]:
    seen: set[str] = set()
    found = []
    for title in titles:
        if words(title) in seen:
            found.append(title)
        seen.add(words(title))
    return found


@pytest.mark.parametrize("goal", GOALS)
@pytest.mark.parametrize(("stages", "modules", "concepts"), [(4, 3, 4), (5, 5, 6), (10, 12, 20)])
def test_every_concept_and_module_of_a_simulated_roadmap_is_distinct(
    sim: Simulator, goal: str, stages: int, modules: int, concepts: int
) -> None:
    sim.configure(stages=stages, modules=modules, concepts=concepts)
    framework = proposal(sim, goal)
    RoadmapFramework.model_validate(framework)
    titles = [placed.concept["title"] for placed in walk(framework)]
    assert len(titles) == stages * modules * concepts
    assert repeated(titles) == []
    module_titles = [m["title"] for s in framework["stages"] for m in s["modules"]]
    assert repeated(module_titles) == []  # not even across stages
    assert repeated([s["title"] for s in framework["stages"]]) == []
    if len(titles) <= 150:
        assert validate_framework(framework, 6) == []
