"""Leases for task runs: claim, renew while running, release at the end (docs/architecture.md §3)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import TypeVar

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from waymark.db.engine import session_scope
from waymark.db.outages import retry_outages
from waymark.db.repositories import leases
from waymark.tasks import runs
from waymark.tasks.recovery import WORKFLOW_STEPS
from waymark.worker.heartbeat import Renew, hold_lease

log = structlog.get_logger(__name__)
T = TypeVar("T")

DEFAULT_LEASE_S = 60.0
MAX_ATTEMPTS = 5


def lease_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


def task_lease_renewer(
    sessionmaker: async_sessionmaker[AsyncSession], task_id: uuid.UUID, attempt: int, lease_s: float
) -> Renew:
    """The renewal of a workflow run's lease, for ``worker.heartbeat.hold_lease``."""

    async def renew() -> bool:
        async with session_scope(sessionmaker) as session:
            return await leases.renew(session, task_id, attempt=attempt, lease_s=lease_s)

    return renew


@asynccontextmanager
async def claimed_run(
    sessionmaker: async_sessionmaker[AsyncSession],
    task_id: uuid.UUID,
    *,
    lease_s: float = DEFAULT_LEASE_S,
    max_attempts: int = MAX_ATTEMPTS,
    durable: bool = True,
) -> AsyncIterator[int | None]:
    """Yield this run's attempt number, or None when another live run holds the task
    (or it is no longer active). Past ``max_attempts`` the task fails with a reason
    instead of looping. ``durable=False``: the stock Celery comparison (no leases).
    The run's work renews the lease through ``hold_lease(…, renew=task_lease_renewer(…))``;
    the lease is released at the end (riding out a database outage while it still holds)."""
    async with session_scope(sessionmaker) as session:
        attempt = await runs.claim(
            session,
            task_id,
            owner=lease_owner(),
            lease_s=lease_s,
            steps=WORKFLOW_STEPS,
            max_attempts=max_attempts,
            durable=durable,
        )
    if attempt is None:
        log.info("lease.not_claimed", task_id=str(task_id))
        yield None
        return
    structlog.contextvars.bind_contextvars(task_id=str(task_id), attempt=attempt)
    try:
        yield attempt
    finally:

        async def release() -> None:
            async with session_scope(sessionmaker) as session:
                await leases.release(session, task_id, attempt=attempt)

        await retry_outages(release, within_s=lease_s, what="lease.release")


async def hold_content_phase(
    sessionmaker: async_sessionmaker[AsyncSession], task_id: uuid.UUID, work: Awaitable[T], *, lease_s: float
) -> T:
    """Keep the task's content-phase lease alive while ``work`` (one concept) runs: the reaper
    leaves a task alone while any of its concepts is being generated. It is no fence (the
    units have their own), so the work goes on if it lapses."""

    async def renew() -> bool:
        async with session_scope(sessionmaker) as session:
            return await leases.extend_content_lease(session, task_id, lease_s=lease_s)

    await retry_outages(renew, within_s=lease_s, what="lease.content_phase")  # a job may wait long
    return await hold_lease(
        work, renew=renew, lease_s=lease_s, what=f"content phase {task_id}", stop_on_loss=False
    )
