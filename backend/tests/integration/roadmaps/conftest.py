"""A learner over HTTP (the API in-process, real PostgreSQL) and roadmaps stored for them
directly, in the state a finished generation leaves: a task, its roadmap and concept rows,
and completed content rows."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import register_and_login
from waymark.db.engine import session_scope
from waymark.db.repositories.contents import upsert_content
from waymark.db.repositories.roadmaps import upsert_roadmap_for_task
from waymark.db.repositories.tasks import create_task
from waymark.statuses import ContentStatus, ContentType, TaskStatus


@dataclass
class Owner:
    http: httpx.AsyncClient
    headers: dict[str, str]
    id: uuid.UUID

    async def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.request(method, path, headers=self.headers, **kwargs)


@pytest.fixture
async def owner(api_url: str) -> AsyncIterator[Owner]:
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as http:
        headers = await register_and_login(http)
        me = await http.get("/api/v1/auth/me", headers=headers)
        yield Owner(http, headers, uuid.UUID(me.json()["id"]))


def framework_of(concepts: list[dict[str, Any]], title: str = "Rust roadmap") -> dict[str, Any]:
    """One stage, modules of up to 20 concepts; hours add up."""
    modules = [
        {"module_id": f"m{n}", "title": f"Module {n}", "concepts": concepts[n * 20 : n * 20 + 20]}
        for n in range((len(concepts) + 19) // 20)
    ]
    hours = sum(float(c["estimated_hours"]) for c in concepts)
    return {
        "title": title,
        "total_estimated_hours": hours,
        "recommended_weeks": 52,
        "stages": [{"stage_id": "s1", "title": "Everything", "order": 1, "modules": modules}],
    }


async def stored_roadmap(
    sessionmaker: async_sessionmaker[AsyncSession],
    owner_id: uuid.UUID,
    framework: dict[str, Any],
    content: dict[str, dict[ContentType, dict[str, Any]]] | None = None,
) -> uuid.UUID:
    """A completed roadmap task of ``owner_id`` with ``framework`` and, per concept id, the
    completed body of each content type given."""
    async with session_scope(sessionmaker) as session:
        task = await create_task(
            session, owner_id=owner_id, goal="g", preferences={}, status=TaskStatus.COMPLETED
        )
        roadmap_id = await upsert_roadmap_for_task(
            session, task_id=task.id, owner_id=owner_id, framework=framework
        )
        task.roadmap_id = roadmap_id
        for concept_id, bodies in (content or {}).items():
            for content_type, body in bodies.items():
                await upsert_content(
                    session,
                    roadmap_id=roadmap_id,
                    concept_id=concept_id,
                    content_type=content_type,
                    version=1,
                    status=ContentStatus.COMPLETED,
                    body=body,
                )
        return roadmap_id
