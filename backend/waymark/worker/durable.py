"""Leases for task runs: claim, heartbeat while running, release at the end (docs/architecture.md §3)."""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from waymark.db.engine import session_scope
from waymark.db.repositories import leases
from waymark.db.repositories import tasks as task_repo
from waymark.statuses import TaskStatus
from waymark.tasks.recovery import WORKFLOW_STEPS

log = structlog.get_logger(__name__)

DEFAULT_LEASE_S = 60.0
MAX_ATTEMPTS = 5


def lease_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


async def _heartbeat(
    sessionmaker: async_sessionmaker[AsyncSession], task_id: uuid.UUID, attempt: int, lease_s: float
) -> None:
    while True:
        await asyncio.sleep(lease_s / 3)
        async with session_scope(sessionmaker) as session:
            if not await leases.renew(session, task_id, attempt=attempt, lease_s=lease_s):
                log.warning("lease.lost", task_id=str(task_id), attempt=attempt)
                return


@asynccontextmanager
async def leased_run(
    sessionmaker: async_sessionmaker[AsyncSession],
    task_id: uuid.UUID,
    *,
    lease_s: float = DEFAULT_LEASE_S,
    max_attempts: int = MAX_ATTEMPTS,
    durable: bool = True,
) -> AsyncIterator[int | None]:
    """Yield this run's attempt number, or None when another live run holds the task
    (or it is no longer active). Past ``max_attempts`` the task fails with a reason
    instead of looping. ``durable=False``: the stock Celery comparison (no leases)."""
    async with session_scope(sessionmaker) as session:
        claimed = await leases.claim(
            session, task_id, owner=lease_owner(), lease_s=lease_s, steps=WORKFLOW_STEPS, durable=durable
        )
        attempt = claimed.attempt if claimed else None
        if claimed is not None and durable and claimed.since_retry > max_attempts:
            await task_repo.finish_task(
                session,
                task_id,
                TaskStatus.FAILED,
                error=f"gave up after {max_attempts} attempts (worker crashes or lost leases)",
            )
            log.error("lease.attempts_exhausted", task_id=str(task_id), attempt=attempt)
            attempt = None
    if attempt is None:
        log.info("lease.not_claimed", task_id=str(task_id))
        yield None
        return
    structlog.contextvars.bind_contextvars(task_id=str(task_id), attempt=attempt)
    heartbeat = asyncio.create_task(_heartbeat(sessionmaker, task_id, attempt, lease_s))
    try:
        yield attempt
    finally:
        heartbeat.cancel()
        with suppress(asyncio.CancelledError):
            await heartbeat
        async with session_scope(sessionmaker) as session:
            await leases.release(session, task_id, attempt=attempt)


@asynccontextmanager
async def content_lease(
    sessionmaker: async_sessionmaker[AsyncSession], task_id: uuid.UUID, *, lease_s: float
) -> AsyncIterator[None]:
    """Keep the task's content-phase lease alive while one concept is generated."""

    async def beat() -> None:
        while True:
            async with session_scope(sessionmaker) as session:
                await leases.extend_content_lease(session, task_id, lease_s=lease_s)
            await asyncio.sleep(lease_s / 3)

    heartbeat = asyncio.create_task(beat())
    try:
        yield
    finally:
        heartbeat.cancel()
        with suppress(asyncio.CancelledError):
            await heartbeat
