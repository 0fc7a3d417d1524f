"""Content fan-out: one task per concept on content_generation, finalised exactly once."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.content.job import ConceptJob, ContentContext
from waymark.content.service import generate_concept
from waymark.db.engine import session_scope
from waymark.db.models import ConceptContent, Roadmap, Task
from waymark.db.repositories import contents as content_repo
from waymark.db.repositories import leases
from waymark.db.repositories import tasks as task_repo
from waymark.events.schema import EventType
from waymark.roadmaps.framework import ALL_CONTENT_TYPES as ALL_TYPES
from waymark.statuses import ContentStatus, ContentType, Step, TaskStatus
from waymark.worker.durable import content_lease
from waymark.worker.outbox import enqueue
from waymark.worker.resources import WorkerResources

log = structlog.get_logger(__name__)

TERMINAL = {ContentStatus.COMPLETED.value, ContentStatus.FAILED.value}
ACTIVE = {TaskStatus.QUEUED.value, TaskStatus.RUNNING.value}


def requested_types(task: Task) -> tuple[ContentType, ...]:
    wanted = task.preferences.get("content_types") or [t.value for t in ALL_TYPES]
    return tuple(t for t in ALL_TYPES if t.value in wanted)


def concepts_of(framework: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for s in framework["stages"] for m in s["modules"] for c in m["concepts"]]


def _by_concept(rows: Iterable[ConceptContent]) -> dict[str, dict[str, str]]:
    statuses: dict[str, dict[str, str]] = {}
    for row in rows:
        statuses.setdefault(row.concept_id, {})[row.content_type] = row.status
    return statuses


async def _load(session: AsyncSession, task_id: uuid.UUID) -> tuple[Task, Roadmap] | None:
    task = await task_repo.get_task(session, task_id)
    if task is None or task.roadmap_id is None:
        return None
    roadmap = await session.get(Roadmap, task.roadmap_id)
    return (task, roadmap) if roadmap else None


async def dispatch_roadmap_content(res: WorkerResources, task_id: str, *, retry_failed: bool = False) -> int:
    """Enqueue one concept task per concept still missing content; returns how many."""
    task_uuid = uuid.UUID(task_id)
    async with session_scope(res.sessionmaker) as session:
        loaded = await _load(session, task_uuid)
        if loaded is None or loaded[0].status != TaskStatus.RUNNING.value:
            return 0
        task, roadmap = loaded
        types = requested_types(task)
        done = TERMINAL if not retry_failed else {ContentStatus.COMPLETED.value}
        statuses = _by_concept(await content_repo.latest_contents(session, roadmap.id))
        missing = [
            c["concept_id"]
            for c in concepts_of(roadmap.framework)
            if any(statuses.get(c["concept_id"], {}).get(t.value) not in done for t in types)
        ]
        await task_repo.record_step(session, task_uuid, Step.CONTENT_GENERATION, 45)
        await leases.extend_content_lease(session, task_uuid, lease_s=res.settings.celery.content_lease_s)
        for concept_id in missing:
            enqueue(session, "content.generate_concept", task_id, concept_id, retry_failed)
    await res.publisher.publish(
        task_id, EventType.STEP, step=Step.CONTENT_GENERATION.value, data={"concepts_queued": len(missing)}
    )
    if not missing:
        await finalize_if_done(res, task_id)
    await res.publisher.flush(task_id)
    return len(missing)


async def generate_concept_job(
    res: WorkerResources, task_id: str, concept_id: str, retry_failed: bool
) -> str:
    task_uuid = uuid.UUID(task_id)
    async with session_scope(res.sessionmaker) as session:
        loaded = await _load(session, task_uuid)
        if loaded is None or loaded[0].status != TaskStatus.RUNNING.value:
            return "skipped: task not running"  # cancelled tasks start no new concepts
        task, roadmap = loaded
        concept = next((c for c in concepts_of(roadmap.framework) if c["concept_id"] == concept_id), None)
        if concept is None:
            return "skipped: concept no longer in the roadmap"
        existing = _by_concept(await content_repo.latest_contents(session, roadmap.id, concept_id)).get(
            concept_id, {}
        )
        done = TERMINAL if not retry_failed else {ContentStatus.COMPLETED.value}
        todo = tuple(t for t in requested_types(task) if existing.get(t.value) not in done)
        title = roadmap.framework.get("title", "")
    if todo:
        ctx = ContentContext(
            llm=res.llm, search=res.search, sessionmaker=res.sessionmaker, publisher=res.publisher
        )
        job = ConceptJob(task_id=task_id, roadmap_id=roadmap.id, concept=concept, roadmap_title=title)
        async with content_lease(res.sessionmaker, task_uuid, lease_s=res.settings.celery.content_lease_s):
            await generate_concept(ctx, job, todo)
    await finalize_if_done(res, task_id)
    await res.publisher.flush(task_id)
    return f"generated {len(todo)} type(s)"


async def finalize_if_done(res: WorkerResources, task_id: str) -> None:
    """Update progress; when every concept has every type settled, finish the task — once."""
    task_uuid = uuid.UUID(task_id)
    async with session_scope(res.sessionmaker) as session:
        loaded = await _load(session, task_uuid)
        if loaded is None:
            return
        task, roadmap = loaded
        types = [t.value for t in requested_types(task)]
        statuses = _by_concept(await content_repo.latest_contents(session, roadmap.id))
        cells = [
            statuses.get(c["concept_id"], {}).get(t) for c in concepts_of(roadmap.framework) for t in types
        ]
        settled = sum(1 for s in cells if s in TERMINAL)
        failed = sum(1 for s in cells if s == ContentStatus.FAILED.value)
        if settled < len(cells):
            await task_repo.record_step(
                session, task_uuid, Step.CONTENT_GENERATION, 45 + 54 * settled // max(1, len(cells))
            )
            return
        status = TaskStatus.PARTIAL_FAILURE if failed else TaskStatus.COMPLETED
        error = f"{failed} of {len(cells)} content items failed" if failed else None
        won = await task_repo.finish_task(session, task_uuid, status, error=error)
    if won:
        counts = {"total": len(cells), "completed": len(cells) - failed, "failed": failed}
        await res.publisher.publish(task_id, EventType.COMPLETED, data={"status": status.value, **counts})
        log.info("content.finalized", task_id=task_id, status=status.value, **counts)


async def regenerate_concept_job(res: WorkerResources, task_id: str) -> str:
    """A regenerate task (kind=regenerate): new versions of some content types of one concept,
    with the learner's instructions; earlier versions are kept."""
    task_uuid = uuid.UUID(task_id)
    async with session_scope(res.sessionmaker) as session:
        loaded = await _load(session, task_uuid)
        if loaded is None or loaded[0].status not in ACTIVE:
            return "skipped: task not active"
        task, roadmap = loaded
        concept_id = str(task.preferences["concept_id"])
        concept = next((c for c in concepts_of(roadmap.framework) if c["concept_id"] == concept_id), None)
        types = requested_types(task)
        if concept is None or not types:
            await task_repo.finish_task(session, task_uuid, TaskStatus.FAILED, error="nothing to regenerate")
            return "failed"
        versions = {t: await content_repo.next_version(session, roadmap.id, concept_id, t) for t in types}
        await task_repo.record_step(
            session, task_uuid, Step.CONTENT_GENERATION, 10, status=TaskStatus.RUNNING
        )
    ctx = ContentContext(
        llm=res.llm, search=res.search, sessionmaker=res.sessionmaker, publisher=res.publisher
    )
    results = {}
    for content_type, version in versions.items():
        job = ConceptJob(
            task_id=task_id,
            roadmap_id=roadmap.id,
            concept=concept,
            roadmap_title=roadmap.framework.get("title", ""),
            version=version,
            instructions=task.preferences.get("instructions"),
        )
        results.update(await generate_concept(ctx, job, (content_type,)))
    failed = [t.value for t, status in results.items() if status is ContentStatus.FAILED]
    async with session_scope(res.sessionmaker) as session:
        final = TaskStatus.FAILED if failed else TaskStatus.COMPLETED
        await task_repo.finish_task(
            session, task_uuid, final, error=f"failed: {', '.join(failed)}" if failed else None
        )
    await res.publisher.publish(
        task_id,
        EventType.FAILED if failed else EventType.COMPLETED,
        data={"versions": {t.value: v for t, v in versions.items()}},
    )
    await res.publisher.flush(task_id)
    return final.value
