"""A per-provider limiter in Redis shared by every process: max in-flight calls and
requests per minute. Slots are leases with an expiry, so a killed process frees its
slot by itself. Time comes from the Redis server, so hosts need not agree on clocks."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import redis.asyncio as aioredis
import structlog

log = structlog.get_logger(__name__)

# KEYS: inflight zset, rpm zset. ARGV: max_concurrency, rpm, lease_ms, member.
# Returns 0 when the slot was taken, else a suggested wait in ms.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 60000)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 50 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return math.max(10, tonumber(oldest[2]) + 60000 - now)
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], 120000 + tonumber(ARGV[3]))
redis.call('PEXPIRE', KEYS[2], 120000)
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
        self.keys = [f"waymark:llm:{provider}:inflight", f"waymark:llm:{provider}:rpm"]
        self.max_concurrency = max_concurrency
        self.rpm = requests_per_minute
        self.lease_ms = int(lease_s * 1000)
        self._script = client.register_script(_ACQUIRE)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Wait for a slot. If Redis cannot be reached the call goes ahead unlimited (and a
        warning is logged): a Redis restart must not fail the work that was under way."""
        member = uuid.uuid4().hex
        try:
            while True:
                wait_ms = int(
                    await self._script(
                        keys=self.keys, args=[self.max_concurrency, self.rpm, self.lease_ms, member]
                    )
                )
                if wait_ms == 0:
                    break
                await asyncio.sleep(wait_ms / 1000 * random.uniform(1.0, 1.5))  # noqa: S311 - jitter
        except (aioredis.RedisError, OSError) as error:
            log.warning("llm.limiter.unavailable", error=str(error)[:200])
            yield
            return
        try:
            yield
        finally:
            with suppress(aioredis.RedisError, OSError):  # the slot's lease frees it anyway
                await self.client.zrem(self.keys[0], member)
