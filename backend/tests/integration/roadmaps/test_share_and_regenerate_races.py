"""Requests that race on one roadmap: two share requests at once, and a regeneration racing
the roadmap's deletion. Each race is made certain by holding the row (or the deletion) open
until every request waits for it, then letting go."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.integration.roadmaps.conftest import Owner, framework_of, stored_roadmap, wait_for_lock_waits
from waymark.db.engine import session_scope
from waymark.db.models import Roadmap
from waymark.roadmaps import service as roadmaps
from waymark.settings import Settings
from waymark.tasks import service as tasks

CONCEPTS = [{"concept_id": "c1", "title": "Ownership", "estimated_hours": 2, "prerequisites": []}]


async def test_two_share_requests_at_once_return_one_working_link(
    owner: Owner, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    roadmap_id = await stored_roadmap(sessionmaker, owner.id, framework_of(CONCEPTS))
    path = f"/api/v1/roadmaps/{roadmap_id}/share"
    async with session_scope(sessionmaker) as holder:  # both requests read "not shared yet" …
        await holder.execute(select(Roadmap.id).where(Roadmap.id == roadmap_id).with_for_update())
        requests = [asyncio.create_task(owner.call("POST", path)) for _ in range(2)]
        await wait_for_lock_waits(sessionmaker, 2)  # … and both are writing
    first, second = await asyncio.gather(*requests)

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["slug"] == second.json()["slug"]
    shared = await owner.http.get(first.json()["path"])  # anyone with the link, no token
    assert shared.status_code == 200 and shared.json()["title"] == "Rust roadmap"


async def test_a_regeneration_of_a_roadmap_being_deleted_is_a_404(
    owner: Owner, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    roadmap_id = await stored_roadmap(sessionmaker, owner.id, framework_of(CONCEPTS))
    path = f"/api/v1/roadmaps/{roadmap_id}/concepts/c1/regenerate"
    async with session_scope(sessionmaker) as session:  # the learner deletes the roadmap …
        roadmap = await session.get(Roadmap, roadmap_id)
        assert roadmap is not None
        await roadmaps.delete(session, roadmap)
        request = asyncio.create_task(owner.call("POST", path, json={"content_types": ["tutorial"]}))
        await wait_for_lock_waits(sessionmaker, 1)  # … while a regeneration is being created
    response = await request

    assert response.status_code == 404, response.text  # once a foreign-key violation and a 500
    assert response.json()["detail"] == "Roadmap not found"


async def test_deleting_a_roadmap_while_a_regeneration_is_created_cancels_it(
    owner: Owner, sessionmaker: async_sessionmaker[AsyncSession], sim_settings: Settings
) -> None:
    roadmap_id = await stored_roadmap(sessionmaker, owner.id, framework_of(CONCEPTS))
    async with session_scope(sessionmaker) as session:  # a regeneration is being created …
        task_id = await tasks.create_regeneration(
            session, owner_id=owner.id, roadmap_id=roadmap_id, concept_id="c1",
            content_types=["tutorial"], instructions=None, settings=sim_settings,
        )  # fmt: skip
        request = asyncio.create_task(owner.call("DELETE", f"/api/v1/roadmaps/{roadmap_id}"))
        await wait_for_lock_waits(sessionmaker, 1)  # … while the learner deletes the roadmap
    response = await request

    assert response.status_code == 204, response.text
    assert (await owner.call("GET", f"/api/v1/roadmaps/{roadmap_id}")).status_code == 404
    task = (await owner.call("GET", f"/api/v1/tasks/{uuid.UUID(str(task_id))}")).json()
    assert task["status"] == "cancelled"  # not left queued for a roadmap that is gone
