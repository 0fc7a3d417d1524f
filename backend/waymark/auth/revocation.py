"""Is a session still live? Asked on every authenticated request, so it must cost nothing on
the hot path (docs/architecture.md §9, "Sign-out").

PostgreSQL holds the truth (``auth_sessions``). Each API process remembers a session it found
live for ``ttl_s`` seconds, so a steady client costs one indexed read per session and period.
A sign-out forgets the session at once in the process that served it and tells every other
process over Redis pub/sub (``CHANNEL``), which forget it too and remember it as revoked.
Redis is disposable: while a process is not subscribed, what it remembers expires within
``ttl_s``, and it forgets everything it remembered when it subscribes again, since it may have
missed a message.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

import asyncpg
import redis.asyncio as aioredis
import structlog

from waymark.db.repositories.auth_sessions import session_is_live

log = structlog.get_logger(__name__)

CHANNEL = "waymark:auth:revoked"
LiveQuery = Callable[[uuid.UUID, uuid.UUID], Awaitable[bool]]


Key = TypeVar("Key", bound=Hashable)


class _Bounded(Generic[Key]):
    """A small LRU of key -> monotonic deadline."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Key, float] = OrderedDict()

    def holds(self, key: Key, now: float) -> bool:
        deadline = self.items.get(key)
        if deadline is None:
            return False
        if now >= deadline:
            del self.items[key]
            return False
        self.items.move_to_end(key)
        return True

    def put(self, key: Key, deadline: float) -> None:
        self.items[key] = deadline
        self.items.move_to_end(key)
        if len(self.items) > self.size:
            self.items.popitem(last=False)


# How long a refused session is remembered as such (the database stays the truth after that).
REFUSED_KEPT_S = 24 * 3600


class SessionCheck:
    """This process's view of which sessions are live."""

    def __init__(self, query: LiveQuery, *, ttl_s: float, size: int = 65536) -> None:
        self.query = query
        self.ttl_s = ttl_s
        self.live: _Bounded[tuple[uuid.UUID, uuid.UUID]] = _Bounded(size)  # (session, its user)
        # Revoked here or announced: refused without a read; and a read that
        # started before a revocation cannot put the session back among the live ones.
        self.refused: _Bounded[uuid.UUID] = _Bounded(size)
        self.reads = 0  # database reads so far

    @classmethod
    def on_pool(cls, pool: asyncpg.Pool, *, ttl_s: float) -> SessionCheck:
        async def query(session_id: uuid.UUID, user_id: uuid.UUID) -> bool:
            return await session_is_live(pool, session_id, user_id)

        return cls(query, ttl_s=ttl_s)

    async def is_live(self, session_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        now = time.monotonic()
        if self.refused.holds(session_id, now):
            return False
        if self.live.holds((session_id, user_id), now):
            return True
        self.reads += 1
        live = await self.query(session_id, user_id)
        if self.refused.holds(session_id, time.monotonic()):
            return False  # revoked while we were reading
        if live:
            self.live.put((session_id, user_id), now + self.ttl_s)
        return live

    def revoke(self, session_id: uuid.UUID) -> None:
        """Refuse this session from now on in this process (refusals are checked first)."""
        self.refused.put(session_id, time.monotonic() + REFUSED_KEPT_S)

    def forget_live(self) -> None:
        """Re-read every session from the database on its next use."""
        self.live.items.clear()


async def announce_revocation(redis: aioredis.Redis, session_id: uuid.UUID) -> None:
    """Tell the other API processes; if Redis is down they notice within their ``ttl_s``."""
    try:
        await redis.publish(CHANNEL, str(session_id))
    except (aioredis.RedisError, OSError) as error:
        log.warning("auth.revocation.announce_failed", error=str(error)[:200])


class RevocationListener:
    """Follows ``CHANNEL`` for as long as the process runs, reconnecting after a failure."""

    def __init__(self, redis_url: str, check: SessionCheck, *, retry_s: float = 1.0) -> None:
        self.redis_url = redis_url
        self.check = check
        self.retry_s = retry_s
        self.subscribed = asyncio.Event()

    async def run(self) -> None:
        while True:
            try:
                await self._follow()
            except (aioredis.RedisError, OSError) as error:
                log.warning("auth.revocation.listener_lost", error=str(error)[:200])
            self.subscribed.clear()
            self.check.forget_live()  # messages may be missed while away: re-read everything
            await asyncio.sleep(self.retry_s)

    async def _follow(self) -> None:
        client = aioredis.Redis.from_url(self.redis_url, socket_connect_timeout=2, health_check_interval=15)
        try:
            async with client.pubsub(ignore_subscribe_messages=True) as pubsub:
                await pubsub.subscribe(CHANNEL)
                self.check.forget_live()  # anything announced before this moment was missed
                self.subscribed.set()
                while True:
                    message = await pubsub.get_message(timeout=15.0)
                    if message is not None and message.get("type") == "message":
                        self._revoked(message.get("data"))
        finally:
            await client.aclose()

    def _revoked(self, data: object) -> None:
        try:
            session_id = uuid.UUID(data.decode() if isinstance(data, bytes) else str(data))
        except ValueError:
            log.warning("auth.revocation.bad_message")
            return
        self.check.revoke(session_id)
