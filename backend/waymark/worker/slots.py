"""Fair in-flight slots: at most ``capacity`` content units run at once in one process, and a
freed slot goes to the task that holds the fewest (docs/queues.md, "Many units in flight").

Among the tasks waiting, the one holding the fewest slots is served first, and between equals
the one served least recently, so slots are dealt round-robin: one learner's 150-concept
roadmap cannot keep every slot while another's 10-concept roadmap waits. Within a task, the
unit of lowest rank goes first (its earlier concepts before its later ones). Everything runs
on the process's one event loop, so no lock is needed.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

Rank = tuple[int, ...]


@dataclass(eq=False)
class _Waiter:
    owner: str
    rank: Rank
    order: int
    granted: asyncio.Future[None] = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class FairSlots:
    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.peak = 0
        self._held: Counter[str] = Counter()
        self._in_use = 0
        self._waiters: list[_Waiter] = []
        self._last_served: dict[str, int] = {}
        self._serial = itertools.count()

    @property
    def in_use(self) -> int:
        return self._in_use

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    def held_by(self, owner: str) -> int:
        return self._held[owner]

    @asynccontextmanager
    async def slot(self, owner: str, rank: Rank = ()) -> AsyncIterator[None]:
        """Hold one slot for ``owner`` (a task id) while the block runs."""
        await self.acquire(owner, rank)
        try:
            yield
        finally:
            self.release(owner)

    async def acquire(self, owner: str, rank: Rank = ()) -> None:
        if self._in_use < self.capacity and not self._waiters:
            self._grant(owner)
            return
        waiter = _Waiter(owner, rank, next(self._serial))
        self._waiters.append(waiter)
        try:
            await waiter.granted
        except asyncio.CancelledError:
            if waiter in self._waiters:
                self._waiters.remove(waiter)
            elif not waiter.granted.cancelled():  # granted, then cancelled before it ran: give it back
                self.release(owner)
            raise

    def release(self, owner: str) -> None:
        self._in_use -= 1
        self._held[owner] -= 1
        if self._held[owner] <= 0:
            del self._held[owner]
            if not any(waiter.owner == owner for waiter in self._waiters):
                self._last_served.pop(owner, None)  # a task with nothing here is forgotten
        self._serve_waiters()

    def _grant(self, owner: str) -> None:
        self._in_use += 1
        self._held[owner] += 1
        self._last_served[owner] = next(self._serial)
        self.peak = max(self.peak, self._in_use)

    def _serve_waiters(self) -> None:
        while self._in_use < self.capacity and self._waiters:
            waiter = min(self._waiters, key=self._priority)
            self._waiters.remove(waiter)
            self._grant(waiter.owner)
            waiter.granted.set_result(None)

    def _priority(self, waiter: _Waiter) -> tuple[int, int, Rank, int]:
        return (
            self._held[waiter.owner],
            self._last_served.get(waiter.owner, -1),
            waiter.rank,
            waiter.order,
        )
