"""Content fan-out: one job per concept on content_generation; every unit is claimed before it
is generated (never twice), and the task is finalised exactly once."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.content.job import ConceptJob, ContentContext
from waymark.content.service import UnitPolicy, generate_unit
from waymark.db.engine import session_scope
from waymark.db.models import ConceptContent, Roadmap, Task
from waymark.db.repositories import content_units as units
from waymark.db.repositories import contents as content_repo
from waymark.db.repositories import leases
from waymark.db.repositories import roadmaps as roadmap_repo
from waymark.db.repositories import tasks as task_repo
from waymark.db.repositories.content_units import UnitKey
from waymark.events.schema import EventType
from waymark.roadmaps.framework import ALL_CONTENT_TYPES, find_concept, requested_content_types, walk
from waymark.statuses import ContentStatus, Step, TaskKind, TaskStatus
from waymark.tasks import runs
from waymark.worker.durable import hold_content_phase
from waymark.worker.lending import lends_to_content, workflow_waiting
from waymark.worker.outbox import enqueue
from waymark.worker.resources import WorkerResources
from waymark.worker.waiting import still_waiting

log = structlog.get_logger(__name__)

SETTLED = frozenset({ContentStatus.COMPLETED, ContentStatus.FAILED})


def unit_policy(res: WorkerResources) -> UnitPolicy:
    limits = res.settings.celery
    return UnitPolicy(
        lease_s=limits.content_lease_s, max_attempts=limits.max_unit_attempts, durable=limits.durable
    )


def content_context(res: WorkerResources) -> ContentContext:
    return ContentContext(
        llm=res.llm, search=res.search, sessionmaker=res.sessionmaker, publisher=res.publisher
    )


async def _running(session: AsyncSession, task_id: uuid.UUID) -> tuple[Task, Roadmap] | None:
    """The task and its roadmap while the task is running (cancelled tasks start nothing new)."""
    task = await task_repo.get_task(session, task_id)
    if task is None or task.status is not TaskStatus.RUNNING or task.roadmap_id is None:
        return None
    roadmap = await session.get(Roadmap, task.roadmap_id)
    return (task, roadmap) if roadmap else None


async def _still_running(res: WorkerResources, task_id: uuid.UUID) -> bool:
    async with res.sessionmaker() as session:
        return await task_repo.status_of(session, task_id) is TaskStatus.RUNNING


def _needs_dispatch(row: ConceptContent | None, now: datetime, *, durable: bool) -> bool:
    """Not settled and nobody holds it: new, pending, or generating under a lease that
    expired (its worker died). Without durability (the stock comparison): anything not
    settled. The caller leaves out concepts whose job still waits in the queue."""
    if row is None or (not durable and row.status not in SETTLED):
        return True
    if row.status is ContentStatus.PENDING:
        return True
    expired = row.lease_expires_at is None or row.lease_expires_at < now
    return row.status is ContentStatus.GENERATING and expired


async def dispatch_roadmap_content(res: WorkerResources, task_id: str) -> int:
    """Send one concept job per concept with a unit nobody holds; returns how many."""
    task_uuid = uuid.UUID(task_id)
    async with session_scope(res.sessionmaker) as session:
        loaded = await _running(session, task_uuid)
        if loaded is None:
            return 0
        task, roadmap = loaded
        types = requested_content_types(task.preferences)
        skipped = await roadmap_repo.tested_out_concepts(session, roadmap.id)  # placement: known
        concept_ids = [p.concept_id for p in walk(roadmap.framework) if p.concept_id not in skipped]
        queued = await still_waiting(
            res.redis, [("content.generate_concept", (task_id, c)) for c in concept_ids]
        )
        waiting = {c for c, in_queue in zip(concept_ids, queued, strict=True) if in_queue}
        await units.add_versions(session, [UnitKey(roadmap.id, c, t, 1) for c in concept_ids for t in types])
        newest = {
            (r.concept_id, r.content_type): r for r in await content_repo.latest_contents(session, roadmap.id)
        }
        now = datetime.now(UTC)
        durable = res.settings.celery.durable
        todo = [
            c
            for c in concept_ids
            if (c not in waiting or not durable)
            and any(_needs_dispatch(newest.get((c, t)), now, durable=durable) for t in types)
        ]
        pending = [
            UnitKey(roadmap.id, c, t, newest[(c, t)].version) for c in todo for t in types if (c, t) in newest
        ]
        await units.mark_dispatched(session, pending, grace_s=res.settings.celery.content_dispatch_grace_s)
        await runs.start_content(session, task_uuid)
        await leases.extend_content_lease(session, task_uuid, lease_s=res.settings.celery.content_lease_s)
        for concept_id in todo:
            enqueue(session, "content.generate_concept", task_id, concept_id)
    await res.publisher.publish(
        task_id, EventType.STEP, step=Step.CONTENT_GENERATION, data={"concepts_queued": len(todo)}
    )
    if not todo:
        await finalize_if_done(res, task_id)
    await res.publisher.flush(task_id)
    return len(todo)


async def generate_concept_job(res: WorkerResources, task_id: str, concept_id: str) -> str:
    """Generate the newest version of each requested type of one concept, unit by unit."""
    task_uuid = uuid.UUID(task_id)
    async with session_scope(res.sessionmaker) as session:
        loaded = await _running(session, task_uuid)
        if loaded is None:
            return "skipped: task not running"
        task, roadmap = loaded
        concept = find_concept(roadmap.framework, concept_id)
        if concept is None:
            return "skipped: concept no longer in the roadmap"
        types = requested_content_types(task.preferences)
        await units.add_versions(session, [UnitKey(roadmap.id, concept_id, t, 1) for t in types])
        versions = {
            row.content_type: row.version
            for row in await content_repo.latest_contents(session, roadmap.id, concept_id)
        }
        base = ConceptJob(
            task_id=task_id, roadmap_id=roadmap.id, concept=concept, roadmap_title=roadmap.title
        )
    lending = lends_to_content(res.settings)

    async def units_of_this_concept() -> int:
        generated = 0
        for content_type in types:
            if not await _still_running(res, task_uuid):
                break  # cancelled: no new unit starts
            if lending and await workflow_waiting(res.redis):
                await _hand_back(res, task_id, concept_id)
                break
            job = replace(base, version=versions.get(content_type, 1))
            unit = await generate_unit(content_context(res), job, content_type, unit_policy(res))
            generated += unit is not None
        return generated

    generated = await hold_content_phase(
        res.sessionmaker, task_uuid, units_of_this_concept(), lease_s=res.settings.celery.content_lease_s
    )
    await finalize_if_done(res, task_id)
    await res.publisher.flush(task_id)
    return f"generated {generated} unit(s)"


async def _hand_back(res: WorkerResources, task_id: str, concept_id: str) -> None:
    """A lent workflow slot gives the rest of this concept back to the content queue (its
    units stay pending; claims keep any of them from being generated twice)."""
    async with session_scope(res.sessionmaker) as session:
        enqueue(session, "content.generate_concept", task_id, concept_id)
    log.info("content.handed_back", task_id=task_id, concept_id=concept_id)


async def finalize_if_done(res: WorkerResources, task_id: str) -> None:
    """Update progress; when every concept has every type settled, finish the task — once."""
    task_uuid = uuid.UUID(task_id)
    async with session_scope(res.sessionmaker) as session:
        loaded = await _running(session, task_uuid)
        if loaded is None or loaded[0].kind is not TaskKind.ROADMAP:
            return
        task, roadmap = loaded
        newest = {
            (r.concept_id, r.content_type): r.status
            for r in await content_repo.latest_contents(session, roadmap.id)
        }
        skipped = await roadmap_repo.tested_out_concepts(session, roadmap.id)
        cells = [
            newest.get((p.concept_id, t))
            for p in walk(roadmap.framework)
            if p.concept_id not in skipped
            for t in requested_content_types(task.preferences)
        ]
        outcome = await runs.record_content(session, task_uuid, cells)
    if outcome is not None:  # this job finished the task: it alone announces the end
        counts = {
            "total": outcome.total,
            "completed": outcome.total - outcome.failed,
            "failed": outcome.failed,
        }
        await res.publisher.publish(
            task_id, EventType.COMPLETED, data={"status": outcome.status.value, **counts}
        )
        log.info("content.finalized", task_id=task_id, status=outcome.status.value, **counts)


async def regenerate_concept_job(res: WorkerResources, task_id: str) -> str:
    """A regeneration: the versions allocated when it was created (with the learner's
    instructions), unit by unit; it stops at a cancel and then announces nothing more."""
    task_uuid = uuid.UUID(task_id)
    async with session_scope(res.sessionmaker) as session:
        task = await task_repo.get_task(session, task_uuid)
        if task is None or task.status not in (TaskStatus.QUEUED, TaskStatus.RUNNING):
            return "skipped: task not active"
        roadmap = await session.get(Roadmap, task.roadmap_id) if task.roadmap_id else None
        concept = find_concept(roadmap.framework, task.preferences["concept_id"]) if roadmap else None
        if roadmap is None or concept is None:
            await runs.fail(session, task_uuid, "its roadmap or concept is gone")
            return "failed"
        allocated = task.preferences.get("versions", {})
        versions = {t: int(allocated[t.value]) for t in ALL_CONTENT_TYPES if t.value in allocated}
        await runs.start_content(session, task_uuid, progress=10)
    base = ConceptJob(task_id=task_id, roadmap_id=roadmap.id, concept=concept, roadmap_title=roadmap.title)
    keys = [UnitKey(roadmap.id, base.concept_id, t, v) for t, v in versions.items()]

    async def units_of_the_regeneration() -> bool:
        for key in keys:
            if not await _still_running(res, task_uuid):
                return False
            await generate_unit(
                content_context(res), replace(base, version=key.version), key.content_type, unit_policy(res)
            )
        return True

    # Its lease keeps the reaper from sending it again while it runs, however long it takes.
    if not await hold_content_phase(
        res.sessionmaker, task_uuid, units_of_the_regeneration(), lease_s=res.settings.celery.content_lease_s
    ):
        return "stopped: cancelled"
    async with session_scope(res.sessionmaker) as session:
        statuses = await units.statuses(session, keys)
        if any(status not in SETTLED for status in statuses.values()):
            return "waiting: a unit is still generating elsewhere"
        failed = [key.content_type for key, status in statuses.items() if status is ContentStatus.FAILED]
        final = await runs.finish_regeneration(session, task_uuid, failed)
    if final is None:  # cancelled meanwhile: a regeneration never announces an end after its cancel
        return "stopped: cancelled"
    await res.publisher.publish(
        task_id,
        EventType.FAILED if failed else EventType.COMPLETED,
        data={"versions": {key.content_type.value: key.version for key in keys}},
    )
    await res.publisher.flush(task_id)
    return final.value
