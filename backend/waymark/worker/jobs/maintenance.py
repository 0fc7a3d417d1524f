"""Beat's jobs: recover tasks nobody is working on, persist event batches, prune old data."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog

from waymark.db.engine import session_scope
from waymark.db.repositories import execution_logs
from waymark.db.repositories import roadmaps as roadmap_repo
from waymark.db.repositories import tasks as task_repo
from waymark.events.schema import TERMINAL_EVENTS
from waymark.events.stream import STREAM_MAXLEN, read_events, stream_key
from waymark.mentor import budget as mentor_budget
from waymark.tasks import service
from waymark.worker.resources import WorkerResources
from waymark.worker.waiting import still_waiting
from waymark.workflow.checkpointer import open_checkpointer

log = structlog.get_logger(__name__)


async def reap_stale_tasks(res: WorkerResources) -> list[str]:
    """Re-enqueue every active task whose lease expired (or that sat idle without one), with
    what its kind and step call for (the task service decides), unless its job still waits."""
    async with session_scope(res.sessionmaker) as session:
        recovered = await service.recover_stale(
            session, res.settings, waiting=lambda jobs: still_waiting(res.redis, jobs)
        )
    for task_id, name in recovered:
        log.warning("reaper.requeued", task_id=str(task_id), task=name)
    await sync_recent_logs(res)
    return [str(task_id) for task_id, _ in recovered]


LOG_SYNC_WINDOW_S = 900


async def sync_recent_logs(res: WorkerResources) -> int:
    """Tasks that ended in the last minutes whose live stream holds more events than
    execution_logs (a batch lost with a killed worker, or while PostgreSQL restarted) get the
    rest copied from the stream. One query and one Redis round trip when nothing is missing."""
    since = datetime.now(UTC) - timedelta(seconds=LOG_SYNC_WINDOW_S)
    async with session_scope(res.sessionmaker) as session:
        finished = await task_repo.finished_since(session, since)
        logged = await execution_logs.logged_counts(session, finished)
    if not finished:
        return 0
    async with res.redis.pipeline(transaction=False) as pipe:
        for task_id in finished:
            pipe.xlen(stream_key(str(task_id)))
        streamed = await pipe.execute()
    copied = 0
    for task_id, length in zip(finished, streamed, strict=True):
        if int(length) > logged[task_id]:
            events = await read_events(res.redis, str(task_id), count=STREAM_MAXLEN)
            async with session_scope(res.sessionmaker) as session:
                copied += await execution_logs.write_events(
                    session, task_id, [e.model_dump(mode="json") for e in events]
                )
    if copied:
        log.warning("logs.recovered_from_stream", events=copied)
    return copied


async def write_execution_logs(res: WorkerResources, task_id: str, events: list[dict[str, Any]]) -> int:
    """Persist a batch of a task's events. A batch that ends the task (a terminal event) also
    copies whatever else its live stream holds: a worker killed before it sent its batch
    left those events on the stream only, and this is where they are recovered."""
    if any(event.get("type") in TERMINAL_EVENTS for event in events):
        events = [
            *events,
            *[e.model_dump(mode="json") for e in await read_events(res.redis, task_id, count=STREAM_MAXLEN)],
        ]
    async with session_scope(res.sessionmaker) as session:
        if await task_repo.get_task(session, uuid.UUID(task_id)) is None:
            return 0  # the task was deleted
        return await execution_logs.write_events(session, uuid.UUID(task_id), events)


async def prune(
    res: WorkerResources, *, checkpoint_days: float, log_days: float, trash_days: float | None = None
) -> dict[str, int]:
    """Checkpoints of tasks finished long enough ago, old execution logs, roadmaps in the
    trash for longer than ``trash_days`` (``ROADMAP_TRASH_DAYS``), and mentor answers left
    streaming by an API process that died (failed; their budget reservation booked)."""
    now = datetime.now(UTC)
    cutoff = now - timedelta(days=checkpoint_days)
    trash_cutoff = now - timedelta(days=trash_days or res.settings.roadmap.trash_days)
    async with session_scope(res.sessionmaker) as session:
        finished_ids = [str(task_id) for task_id in await task_repo.finished_before(session, cutoff)]
        logs_removed = await execution_logs.prune_older_than(session, log_days)
        roadmaps_purged = await roadmap_repo.purge_trashed_before(session, trash_cutoff)
        answers_abandoned = await mentor_budget.settle_abandoned(
            session, now - timedelta(seconds=res.settings.mentor.abandoned_after_s)
        )
    async with open_checkpointer(res.settings.db.psycopg_url) as saver:
        for task_id in finished_ids:
            await saver.adelete_thread(task_id)
    log.info(
        "maintenance.pruned",
        checkpoints=len(finished_ids),
        logs=logs_removed,
        roadmaps=roadmaps_purged,
        abandoned_answers=answers_abandoned,
    )
    return {
        "checkpoint_threads": len(finished_ids),
        "execution_logs": logs_removed,
        "trashed_roadmaps": roadmaps_purged,
        "abandoned_mentor_answers": answers_abandoned,
    }
