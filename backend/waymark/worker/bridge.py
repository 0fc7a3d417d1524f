"""The one async bridge for every Celery task.

Each worker process owns one event loop, created lazily in that process (so after
the prefork fork, never in the parent), and every task runs on it with
``run_until_complete``. Async resources — the SQLAlchemy engine, Redis client, LLM
and search clients — are created on first use inside that loop and live as long as
it does, so nothing is ever shared across loops or processes.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import TypeVar

import structlog

from waymark.settings import get_settings
from waymark.worker.resources import WorkerResources

T = TypeVar("T")
log = structlog.get_logger(__name__)


class _ProcessLoop:
    def __init__(self) -> None:
        self.pid: int | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.resources: WorkerResources | None = None

    def ensure(self) -> tuple[asyncio.AbstractEventLoop, WorkerResources]:
        if self.pid != os.getpid() or self.loop is None or self.loop.is_closed():
            # A forked child inherits the parent's objects; never touch them.
            self.pid = os.getpid()
            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)
            self.resources = WorkerResources(get_settings())
            log.info("worker.loop.created", pid=self.pid)
        if self.resources is None:
            raise RuntimeError("worker resources were not created")
        return self.loop, self.resources

    def close(self) -> None:
        if self.loop is None or self.pid != os.getpid() or self.loop.is_closed():
            return
        if self.resources is not None:
            self.loop.run_until_complete(self.resources.aclose())
        self.loop.close()
        self.loop = self.resources = None


_process = _ProcessLoop()


def run_async(work: Callable[[WorkerResources], Awaitable[T]]) -> T:
    """Run ``work(resources)`` to completion on this process's loop."""
    loop, resources = _process.ensure()
    return loop.run_until_complete(work(resources))


def shutdown() -> None:
    _process.close()
