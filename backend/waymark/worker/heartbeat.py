"""The one heartbeat for every lease a worker holds while it works: a workflow run's task
lease, a content unit's lease, a task's content-phase lease (docs/queues.md, "Leases").

The work runs beside a loop that renews the lease every third of its length. A renewal that
fails (a database restart, a pool timeout, a hung connection) is tried again, sooner, for as
long as the lease still holds; the work goes on meanwhile, and a result it finishes is never
thrown away because of a renewal. Only when the lease is really lost — it expired before any
renewal got through, or the row says another run owns the work now — is the work stopped
(cancelled, nothing stored) and ``LeaseLostError`` raised.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import TypeVar

import structlog

from waymark.db.outages import is_outage

log = structlog.get_logger(__name__)
T = TypeVar("T")

Renew = Callable[[], Awaitable[bool]]
MAX_RETRY_PAUSE_S = 1.0


class LeaseLostError(Exception):
    """The lease expired before a renewal got through, or another run owns the work now."""


async def hold_lease(
    work: Awaitable[T], *, renew: Renew, lease_s: float, what: str, stop_on_loss: bool = True
) -> T:
    """Await ``work`` while ``renew()`` keeps its lease (``renew`` returns False once the row
    is no longer this run's). ``stop_on_loss=False``: a lease that only keeps a phase visible
    (not a fence) stops being renewed when lost, and the work goes on."""
    work_task = asyncio.ensure_future(work)
    beat_task = asyncio.create_task(_beat(renew, lease_s, what))
    try:
        await asyncio.wait({work_task, beat_task}, return_when=asyncio.FIRST_COMPLETED)
        if work_task.done() or not stop_on_loss:
            return await work_task  # a finished result wins over a lease lost at the same moment
        work_task.cancel()
        with suppress(asyncio.CancelledError):
            await work_task
        raise LeaseLostError(what)
    finally:
        for task in (work_task, beat_task):
            task.cancel()
        await asyncio.gather(work_task, beat_task, return_exceptions=True)


async def _beat(renew: Renew, lease_s: float, what: str) -> None:
    """Renew until the lease is lost, then return."""
    loop = asyncio.get_running_loop()
    interval = lease_s / 3
    held_until = loop.time() + lease_s  # the claim was taken just before the work started
    pause = interval
    while True:
        await asyncio.sleep(pause)
        remaining = held_until - loop.time()
        if remaining <= 0:
            log.warning("lease.expired", what=what, lease_s=lease_s)
            return
        sent_at = loop.time()
        try:
            async with asyncio.timeout(remaining):
                owned = await renew()
        except Exception as error:  # recorded; the lease may still be renewed before it ends
            log.warning(
                "lease.renew_failed",
                what=what,
                error=type(error).__name__,
                remaining_s=round(remaining, 2),
                exc_info=not is_outage(error),
            )
            pause = min(MAX_RETRY_PAUSE_S, interval, max(0.05, remaining / 4))
            continue
        if not owned:
            log.warning("lease.lost", what=what)
            return
        held_until = sent_at + lease_s
        pause = interval
