"""/api/v1/me: the learner's own profile and mentor budget. Scoped to the caller by
construction (no id in the path); deleting the account deletes both."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter

from waymark.api.deps import ApiUser, ReadSessionDep, SessionDep, SettingsDep
from waymark.api.schemas.learner import Profile, ProfileOut
from waymark.api.schemas.mentor import MentorBudgetOut
from waymark.db.repositories import profiles
from waymark.mentor import budget

router = APIRouter(prefix="/api/v1/me", tags=["learner"])


@router.get("/profile")
async def get_profile(user: ApiUser, session: ReadSessionDep) -> ProfileOut:
    """Your profile; every field empty (and ``updated_at`` null) until you save one."""
    row = await profiles.get_profile(session, user.id)
    if row is None:
        return ProfileOut(updated_at=None)
    return ProfileOut.model_validate({**row.profile, "updated_at": row.updated_at})


@router.put("/profile")
async def put_profile(body: Profile, user: ApiUser, session: SessionDep) -> ProfileOut:
    """Replace your profile. New roadmaps take weekly hours, language and background from it
    unless you set them for that roadmap; the intent and curriculum prompts read it as data."""
    row = await profiles.put_profile(session, user.id, body.model_dump(mode="json", exclude_none=True))
    return ProfileOut.model_validate({**row.profile, "updated_at": row.updated_at})


@router.get("/mentor-budget")
async def get_mentor_budget(user: ApiUser, session: ReadSessionDep, settings: SettingsDep) -> MentorBudgetOut:
    """Your mentor tokens today: the limit, what answers used and hold, and when it resets."""
    today = await budget.standing(session, user.id, settings.mentor.daily_tokens, datetime.now(UTC))
    return MentorBudgetOut(
        daily_tokens=today.daily_tokens,
        used_tokens=today.used_tokens,
        reserved_tokens=today.reserved_tokens,
        remaining_tokens=today.remaining_tokens,
        resets_at=today.resets_at,
    )
