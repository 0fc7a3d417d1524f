"""/api/v1/me: the learner's own profile. Scoped to the caller by construction (no id in the
path); deleting the account deletes it."""

from __future__ import annotations

from fastapi import APIRouter

from waymark.api.deps import ApiUser, ReadSessionDep, SessionDep
from waymark.api.schemas.learner import Profile, ProfileOut
from waymark.db.repositories import profiles

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
