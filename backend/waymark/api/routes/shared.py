"""The public read-only view of a shared roadmap: no token, only an unguessable slug."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request, status

from waymark.api.deps import ReadSessionDep, SettingsDep
from waymark.api.presenters.roadmaps import shared_view
from waymark.api.ratelimit import Limit
from waymark.api.schemas.roadmaps import SharedRoadmap
from waymark.db.repositories import roadmaps as roadmap_repo

router = APIRouter(prefix="/api/v1/shared", tags=["shared"])


@router.get("/{slug}", responses={404: {"description": "No such link, or it was revoked"}})
async def shared_roadmap(
    slug: Annotated[str, Path(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
    request: Request,
    session: ReadSessionDep,
    settings: SettingsDep,
) -> SharedRoadmap:
    """The roadmap, its tutorials and resources; never the owner, progress or quiz answers."""
    client = request.client.host if request.client else "unknown"
    await request.app.state.limiter.check(Limit("shared", client, settings.api.rate_limit_per_minute))
    roadmap = await roadmap_repo.by_share_slug(session, slug)
    if roadmap is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Shared roadmap not found")
    return await shared_view(session, roadmap)
