"""Bounds on live event streams (SSE and WebSocket).

Each open stream holds a Redis connection in a blocking read. Per user, at most
``WAYMARK_API__MAX_STREAMS_PER_USER`` streams are open at once across every API process
(a sorted set per user in Redis: members are streams, scores their expiry, refreshed while
they run, so a stream of a crashed process ages out); beyond it a new one is refused (429
for SSE, close code 4429 for the WebSocket). Per process, at most
``WAYMARK_API__MAX_STREAMS_PER_PROCESS`` are open, and the streams' Redis pool is bounded
to that many connections, so streams can never exhaust Redis nor starve the rest of the API.

A stream gives its slot back the moment it ends, however it ends (docs/api.md, Limits). A
stream whose client goes away ends by cancellation, and inside a cancelled scope every
await is cancelled again: a release awaited there would never reach Redis, and the slot
would stay taken until it aged out, locking a learner who reloads the page out of live
updates. So the removal runs in a task of its own, which the stream's cancellation cannot
reach, and the SSE response releases in its own ``finally``, which runs even when the
client left before the body started.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, cast

import redis.asyncio as aioredis
import structlog
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

log = structlog.get_logger(__name__)

# KEYS[1] the user's set; ARGV: now, expiry of the new member, member, cap, key ttl (s).
_ACQUIRE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
"""


class StreamLimitError(Exception):
    """Too many open streams: ``status`` is 429 (this user) or 503 (this process)."""

    def __init__(self, status: int, detail: str, retry_after_s: int) -> None:
        super().__init__(detail)
        self.status, self.detail, self.retry_after_s = status, detail, retry_after_s


@dataclass
class StreamSlot:
    slots: StreamSlots
    key: str
    member: str
    refreshed: float = field(default_factory=time.monotonic)
    released: bool = False

    async def keep_alive(self) -> None:
        """Push the slot's expiry on (at most once a third of its lifetime)."""
        if time.monotonic() - self.refreshed < self.slots.ttl_s / 3:
            return
        self.refreshed = time.monotonic()
        await self.slots.redis.zadd(self.key, {self.member: time.time() + self.slots.ttl_s}, xx=True)

    async def release(self) -> None:
        """Give the slot back (once; safe from a cancelled task, never raises but
        ``CancelledError``)."""
        if self.released:
            return
        self.released = True
        self.slots.open -= 1
        await self.slots.remove(self.key, self.member)


@dataclass
class StreamSlots:
    redis: aioredis.Redis
    per_user: int
    per_process: int
    ttl_s: float
    open: int = 0
    removals: set[asyncio.Task[None]] = field(default_factory=set)
    prefix: str = "waymark:streams"  # the Redis key of a user's set is "<prefix>:<user id>"
    what: str = "event streams"

    async def acquire(self, user_id: uuid.UUID) -> StreamSlot:
        retry_after = max(1, int(self.ttl_s / 3))
        if self.open >= self.per_process:
            raise StreamLimitError(503, f"This server has too many open {self.what}", retry_after)
        key, member, now = f"{self.prefix}:{user_id}", uuid.uuid4().hex, time.time()
        granted = await cast(Any, self.redis.eval(
            _ACQUIRE, 1, key, now, now + self.ttl_s, member, self.per_user, int(self.ttl_s) + 1
        ))  # fmt: skip
        if not granted:
            raise StreamLimitError(
                429, f"You already have {self.per_user} open {self.what}: close one first", retry_after
            )
        self.open += 1
        return StreamSlot(self, key, member)

    async def remove(self, key: str, member: str) -> None:
        """Take ``member`` out of the user's set in a task of its own: if the caller is
        cancelled while waiting, the removal still completes."""
        removal = asyncio.get_running_loop().create_task(self._remove(key, member))
        self.removals.add(removal)  # a strong reference until it is done
        removal.add_done_callback(self.removals.discard)
        await asyncio.shield(removal)

    async def _remove(self, key: str, member: str) -> None:
        try:
            await self.redis.zrem(key, member)
        except (aioredis.RedisError, OSError) as error:  # Redis is down: the slot ages out instead
            log.warning("streams.release_failed", error=type(error).__name__, ages_out_in_s=self.ttl_s)

    async def close(self) -> None:
        """At shutdown: let the removals under way finish (briefly)."""
        if self.removals:
            await asyncio.wait(set(self.removals), timeout=5)


class SlotStreamingResponse(StreamingResponse):
    """A streaming response that gives its stream slot back when it ends: the body finished,
    it failed, or the client went away (then the body is cancelled, perhaps before it began,
    so the body's own ``finally`` cannot be relied on)."""

    def __init__(self, content: Any, slot: StreamSlot, **kwargs: Any) -> None:
        super().__init__(content, **kwargs)
        self.slot = slot

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self.slot.release()
