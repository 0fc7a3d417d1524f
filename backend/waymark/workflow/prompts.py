"""The workflow's prompts: intent, curriculum, validator, editor (one function per role).
The content prompts live in ``waymark.content.prompts``."""

from __future__ import annotations

from typing import Any

from waymark.llm.messages import Messages
from waymark.llm.messages import as_json as _json
from waymark.llm.messages import system_message as _system


def _learner(goal: str, preferences: dict[str, Any]) -> str:
    return f"Learner goal: {goal}\nPreferences: {_json(preferences)}"


def intent_messages(goal: str, preferences: dict[str, Any]) -> Messages:
    return [
        _system(
            "intent",
            "You analyse what a learner wants to learn. Identify the topic, their level, concrete "
            "goals, constraints (time, tools, context) and focus areas, and suggest how many "
            "stages (3-5) a roadmap should have. Reply with JSON only.",
        ),
        {"role": "user", "content": _learner(goal, preferences)},
    ]


def curriculum_messages(goal: str, preferences: dict[str, Any], intent: dict[str, Any]) -> Messages:
    return [
        _system(
            "curriculum",
            "You design learning roadmaps: stages → modules → concepts. Use 3-5 stages, 2-4 "
            "modules per stage and 3-6 concepts per module. Ids are short unique slugs. "
            "Prerequisites name earlier concepts only. Concept hours must add up to "
            "total_estimated_hours, and the total must fit weekly_hours × recommended_weeks. "
            "Reply with JSON only.",
        ),
        {
            "role": "user",
            "content": f"{_learner(goal, preferences)}\nIntent analysis: {_json(intent)}",
        },
    ]


def review_messages(goal: str, framework: dict[str, Any], issues: list[dict[str, Any]]) -> Messages:
    return [
        _system(
            "validator",
            "You review a learning roadmap. Score coverage, progression, granularity and clarity "
            "from 0 to 10, give an overall score, list concrete issues, and set passed=true only "
            "if the roadmap is ready for the learner. Reply with JSON only.",
        ),
        {
            "role": "user",
            "content": f"Learner goal: {goal}\nRoadmap: {_json(framework)}\n"
            f"Structural problems found by automatic checks: {_json(issues)}",
        },
    ]


def edit_messages(
    goal: str,
    framework: dict[str, Any],
    *,
    issues: list[dict[str, Any]],
    quality: dict[str, Any] | None,
    learner_feedback: str | None,
) -> Messages:
    feedback = f"\nThe learner asked for: {learner_feedback}" if learner_feedback else ""
    return [
        _system(
            "editor",
            "You revise a learning roadmap. Fix every listed problem and apply the learner's "
            "feedback while keeping what works; keep ids stable where the concept is unchanged. "
            "Return the complete revised roadmap as JSON only.",
        ),
        {
            "role": "user",
            "content": f"Learner goal: {goal}\nRoadmap: {_json(framework)}\n"
            f"Structural problems: {_json(issues)}\nReview: {_json(quality)}{feedback}",
        },
    ]
