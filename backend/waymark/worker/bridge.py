"""The one async bridge for every Celery task.

Each worker process owns one event loop, created lazily in that process (so after
the prefork fork, never in the parent). Async resources — the SQLAlchemy engine, Redis
client, LLM and search clients — are created on first use inside that loop and live as
long as it does, so nothing is ever shared across loops or processes.

How a task reaches the loop depends on the pool:
- prefork (the workflow and logs services): a task runs on the process's main thread,
  which drives the loop itself with ``run_until_complete``, one task at a time;
- threads (the content service, docs/queues.md "Many units in flight"): many pool threads
  run tasks at once. The loop then runs forever on one background thread of the process,
  every task's coroutine is submitted to it, and the pool thread waits for its result, so
  the units of every concept job of the process share one loop, one set of connections
  and one fair slot allocator (``worker/slots.py``).
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

import structlog

from waymark.settings import get_settings
from waymark.worker.resources import SHARED_LOOP_DB_POOL, WorkerResources

T = TypeVar("T")
log = structlog.get_logger(__name__)


class _ProcessLoop:
    def __init__(self) -> None:
        self.pid: int | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.resources: WorkerResources | None = None
        self.thread: threading.Thread | None = None  # set when the loop runs on its own thread
        self._lock = threading.Lock()

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

    def ensure_threaded(self) -> tuple[asyncio.AbstractEventLoop, WorkerResources]:
        """The process's loop, running forever on its own thread (started once, under a lock:
        the first tasks of a threads pool arrive at once)."""
        with self._lock:
            if self.thread is None or self.pid != os.getpid() or not self.thread.is_alive():
                self.pid = os.getpid()
                self.loop = asyncio.new_event_loop()
                self.resources = WorkerResources(get_settings(), db_pool_size=SHARED_LOOP_DB_POOL)
                self.thread = threading.Thread(
                    target=self.loop.run_forever, name="waymark-event-loop", daemon=True
                )
                self.thread.start()
                log.info("worker.loop.created", pid=self.pid, thread=self.thread.name)
            if self.loop is None or self.resources is None:
                raise RuntimeError("worker resources were not created")
            return self.loop, self.resources

    def close(self) -> None:
        if self.loop is None or self.pid != os.getpid() or self.loop.is_closed():
            return
        if self.thread is not None:
            if self.resources is not None:
                asyncio.run_coroutine_threadsafe(self.resources.aclose(), self.loop).result(timeout=30)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
            self.thread = None
        elif self.resources is not None:
            self.loop.run_until_complete(self.resources.aclose())
        self.loop.close()
        self.loop = self.resources = None


_process = _ProcessLoop()


def run_async(work: Callable[[WorkerResources], Awaitable[T]]) -> T:
    """Run ``work(resources)`` to completion on this process's loop: on the calling thread in
    a prefork child, on the loop's own thread when called from a pool thread."""
    if threading.current_thread() is threading.main_thread() and _process.thread is None:
        loop, resources = _process.ensure()
        return loop.run_until_complete(work(resources))
    loop, resources = _process.ensure_threaded()

    async def on_the_loop() -> T:
        return await work(resources)

    return asyncio.run_coroutine_threadsafe(on_the_loop(), loop).result()


def submit_if_threaded(work: Callable[[WorkerResources], Awaitable[object]]) -> bool:
    """Start ``work(resources)`` on this process's loop thread without waiting for it, if that
    loop already runs here (a threads pool after its first job). False otherwise: a prefork
    parent never gets a loop of its own."""
    p = _process
    thread, loop, resources = p.thread, p.loop, p.resources
    if thread is None or not thread.is_alive() or p.pid != os.getpid() or loop is None or resources is None:
        return False

    async def on_the_loop() -> None:
        await work(resources)

    asyncio.run_coroutine_threadsafe(on_the_loop(), loop)
    return True


def shutdown() -> None:
    _process.close()
