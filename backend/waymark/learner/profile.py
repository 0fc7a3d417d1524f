"""The profile service: what a new roadmap takes from the learner's profile, and what the
learner's own choices for that roadmap override (docs/learner.md, "Profile")."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.repositories import profiles

# preference ← profile field, used when the learner did not set the preference for this roadmap
PREFILLED = {"weekly_hours": "weekly_hours", "language": "primary_language", "background": "background"}
PROFILE_KEY = "profile"  # the profile as it was when the task was created, inside its preferences


async def saved(session: AsyncSession, user_id: uuid.UUID) -> dict[str, Any]:
    row = await profiles.get_profile(session, user_id)
    return dict(row.profile) if row else {}


def resolve_preferences(
    explicit: Mapping[str, Any], defaults: Mapping[str, Any], profile: Mapping[str, Any]
) -> dict[str, Any]:
    """The preferences of one roadmap: what the learner set for it wins, then the profile,
    then the defaults. A non-empty profile rides along (``PROFILE_KEY``) for the prompts."""
    resolved = {**defaults}
    for preference, field in PREFILLED.items():
        if profile.get(field) is not None:
            resolved[preference] = profile[field]
    resolved |= explicit
    if profile:
        resolved[PROFILE_KEY] = dict(profile)
    return {key: value for key, value in resolved.items() if value is not None}
