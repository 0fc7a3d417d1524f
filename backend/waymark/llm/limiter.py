"""A per-provider limiter in Redis shared by every process: max in-flight calls and
requests per minute. Slots are leases with an expiry, so a killed process frees its
slot by itself. Time comes from the Redis server, so hosts need not agree on clocks.

A 429 from the provider pauses the whole deployment, not only the call that met it: the
client records a pause (the provider's ``Retry-After``, else its backoff) and no slot is
given to anyone until it ends, so a burst of calls never turns into a storm of 429s."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import redis.asyncio as aioredis
import structlog

log = structlog.get_logger(__name__)

# A request counts against the minute for a little longer than a minute: the provider counts
# it from when it arrives, a moment after the limiter stamped it, so without the margin a
# request admitted exactly a minute after another could land inside the provider's minute.
RPM_WINDOW_MS = 60_000 + 2_000

# KEYS: inflight zset, rpm zset, pause key. ARGV: max_concurrency, rpm, lease_ms, member, window_ms.
# Returns 0 when the slot was taken, else a suggested wait in ms.
_ACQUIRE = """
local paused = redis.call('PTTL', KEYS[3])
if paused > 0 then return paused end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[5]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 50 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return math.max(10, tonumber(oldest[2]) + tonumber(ARGV[5]) - now)
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], 120000 + tonumber(ARGV[3]))
redis.call('PEXPIRE', KEYS[2], 120000)
return 0
"""

# KEYS: pause key. ARGV: pause_ms. Extends the pause, never shortens it.
_PAUSE = """
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 0
"""


class RedisLimiter:
    def __init__(
        self,
        client: aioredis.Redis,
        provider: str,
        *,
        max_concurrency: int,
        requests_per_minute: int,
        lease_s: float,
    ) -> None:
        self.client = client
        self.keys = [
            f"waymark:llm:{provider}:inflight",
            f"waymark:llm:{provider}:rpm",
            f"waymark:llm:{provider}:paused",
        ]
        self.max_concurrency = max_concurrency
        self.rpm = requests_per_minute
        self.lease_ms = int(lease_s * 1000)
        self._script = client.register_script(_ACQUIRE)
        self._pause = client.register_script(_PAUSE)

    async def pause(self, seconds: float) -> None:
        """The provider refused for being busy: no call starts anywhere for ``seconds``."""
        try:
            await self._pause(keys=[self.keys[2]], args=[max(1, int(seconds * 1000))])
        except (aioredis.RedisError, OSError) as error:  # the caller still backs off by itself
            log.warning("llm.limiter.unavailable", error=str(error)[:200])
            return
        log.info("llm.limiter.paused", pause_s=round(seconds, 2))

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Wait for a slot. If Redis cannot be reached the call goes ahead unlimited (and a
        warning is logged): a Redis restart must not fail the work that was under way."""
        member = uuid.uuid4().hex
        try:
            while True:
                wait_ms = int(
                    await self._script(
                        keys=self.keys,
                        args=[self.max_concurrency, self.rpm, self.lease_ms, member, RPM_WINDOW_MS],
                    )
                )
                if wait_ms == 0:
                    break
                # a little jitter, so waiters do not all ask again in the same millisecond
                await asyncio.sleep((wait_ms + random.uniform(0, min(wait_ms, 250))) / 1000)  # noqa: S311
        except (aioredis.RedisError, OSError) as error:
            log.warning("llm.limiter.unavailable", error=str(error)[:200])
            yield
            return
        try:
            yield
        finally:
            with suppress(aioredis.RedisError, OSError):  # the slot's lease frees it anyway
                await self.client.zrem(self.keys[0], member)
