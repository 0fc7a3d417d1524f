"""What content generation will cost, before the learner approves it.

concepts × (per content type: the mean usage of that role measured so far on this
platform, or a built-in prior until a role has been measured). Costs are priced with
the model configured for the role.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.repositories.role_stats import RoleAverage, role_averages
from waymark.learner.placement import PLACEMENT_KEY, tested_out_ids
from waymark.llm.usage import price_call
from waymark.roadmaps.framework import concept_count, requested_content_types
from waymark.settings import LLMSettings
from waymark.statuses import ContentType

# calls, prompt tokens, completion tokens per item; priors until real calls are measured
PRIORS: dict[str, tuple[float, float, float]] = {
    ContentType.TUTORIAL.value: (1.0, 1500.0, 1800.0),
    ContentType.RESOURCES.value: (1.0, 1400.0, 700.0),
    ContentType.QUIZ.value: (1.0, 900.0, 1100.0),
}


def role_model(settings: LLMSettings, role: str) -> str:
    override = settings.roles.get(role)
    return (override and override.model) or settings.model


def _per_item(role: str, averages: dict[str, RoleAverage], settings: LLMSettings) -> RoleAverage:
    measured = averages.get(role)
    if measured is not None:
        return measured
    calls, prompt, completion = PRIORS[role]
    cost = price_call(role_model(settings, role), int(prompt), int(completion)).cost_usd
    return RoleAverage(
        items=0, calls=calls, prompt_tokens=prompt, completion_tokens=completion, cost_usd=cost
    )


def estimate_content(
    concepts: int,
    content_types: Iterable[str],
    averages: dict[str, RoleAverage],
    settings: LLMSettings,
    tested_out: int = 0,
) -> dict[str, Any]:
    """``concepts`` of the framework, of which ``tested_out`` get no content (a placement
    check showed them known): the estimate prices the others and says what that saves."""
    types = list(content_types)
    items = [_per_item(role, averages, settings) for role in types]
    measured = sum(1 for role in types if role in averages)
    concepts = max(0, concepts - tested_out)
    return {
        "basis": "measured" if measured == len(types) else "default" if measured == 0 else "partly_measured",
        "concepts": concepts,
        "content_types": types,
        "llm_calls": round(concepts * sum(i.calls for i in items)),
        "prompt_tokens": round(concepts * sum(i.prompt_tokens for i in items)),
        "completion_tokens": round(concepts * sum(i.completion_tokens for i in items)),
        "cost_usd": round(concepts * sum(i.cost_usd for i in items), 6),
        "tested_out": tested_out,
        "saved_cost_usd": round(tested_out * sum(i.cost_usd for i in items), 6),
    }


async def estimate_for_framework(
    session: AsyncSession, framework: Mapping[str, Any], preferences: Mapping[str, Any], llm: LLMSettings
) -> dict[str, Any]:
    """The content cost of this framework (a proposal, or the learner's edit of it)."""
    types = [t.value for t in requested_content_types(preferences)]
    skipped = len(tested_out_ids(framework, preferences.get(PLACEMENT_KEY)))
    return estimate_content(concept_count(framework), types, await role_averages(session), llm, skipped)
