"""A learner over HTTP (``tests.fixtures.owners``) and roadmaps stored for them directly, in
the state a finished generation leaves: a task, its roadmap and concept rows, and completed
content rows."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fixtures.owners import Owner, owner
from waymark.db.engine import session_scope
from waymark.db.repositories.contents import upsert_content
from waymark.db.repositories.roadmaps import upsert_roadmap_for_task
from waymark.db.repositories.tasks import create_task
from waymark.statuses import ContentStatus, ContentType, TaskStatus

__all__ = ["Owner", "framework_of", "owner", "stored_roadmap", "wait_for_lock_waits"]


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


async def wait_for_lock_waits(
    sessionmaker: async_sessionmaker[AsyncSession], count: int, timeout_s: float = 15
) -> None:
    """Until ``count`` statements of this database wait for a row lock: the requests a test
    fired have reached the point where they would race."""
    deadline = time.monotonic() + timeout_s
    query = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    while True:
        async with sessionmaker() as session:
            waiting = int(await session.scalar(query) or 0)
        if waiting >= count:
            return
        assert time.monotonic() < deadline, f"{waiting} of {count} statements wait for a lock"
        await asyncio.sleep(0.05)
