"""Which database errors are an outage (retry shortly) rather than a refusal (a defect or bad data).

A restart, a failover, a socket gone, an exhausted pool: the same statement can succeed a
moment later. The API answers these with 503 and ``Retry-After``; the workers retry them
while their lease still holds (``worker/heartbeat.py``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import asyncpg
import structlog
from sqlalchemy import exc as sqlalchemy_exc

log = structlog.get_logger(__name__)
T = TypeVar("T")

DATABASE_OUTAGES: tuple[type[Exception], ...] = (
    sqlalchemy_exc.OperationalError,
    sqlalchemy_exc.InterfaceError,
    sqlalchemy_exc.TimeoutError,  # the pool had no connection to give within its timeout
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.OperatorInterventionError,  # shutting down, cannot connect now
    OSError,  # connection refused or reset, a Unix socket that is not there
    TimeoutError,
)


def is_outage(error: BaseException) -> bool:
    """True for an error that a retry a moment later may not meet (see the module doc). The
    driver's error is looked for along the chain (``orig``, cause, context): SQLAlchemy wraps
    "the database system is shutting down" (asyncpg's CannotConnectNowError) in a plain
    DBAPIError."""
    pending: list[BaseException | None] = [error]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, DATABASE_OUTAGES):
            return True
        if isinstance(current, sqlalchemy_exc.DBAPIError) and current.connection_invalidated:
            return True
        orig = getattr(current, "orig", None)
        pending += [orig if isinstance(orig, BaseException) else None, current.__cause__, current.__context__]
    return False


async def retry_outages(
    operation: Callable[[], Awaitable[T]], *, within_s: float, what: str, pause_s: float = 0.5
) -> T:
    """Run ``operation``; while it fails with an outage and ``within_s`` has not passed, run it
    again after a short pause. Any other error, or the last outage, is raised."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_s
    while True:
        try:
            return await operation()
        except Exception as error:
            remaining = deadline - loop.time()
            if not is_outage(error) or remaining <= pause_s:
                raise
            log.warning(
                "db.outage.retrying", what=what, error=type(error).__name__, remaining_s=round(remaining, 1)
            )
            await asyncio.sleep(pause_s)
