"""Per-user and per-client rate limits in Redis, shared by every API process.

A fixed one-minute window per (scope, subject). ``RateLimiter`` counts each request in
Redis (one Lua call for every limit that applies) — for the low-volume limits that guard
something: logins, task creation. ``LeasedLimiter`` serves the general per-user request
budget, which every authenticated request spends: a process leases a share of the
user's window from Redis (1/20 of it) and spends it locally, so only one request in
twenty waits for Redis. Nothing is ever allowed beyond the limit (a lease is counted
before it is spent); what a process leased but did not spend before the window ended is
lost, at most a twentieth of the budget per process. Over a limit: 429 with
``Retry-After``, the seconds until the window ends. If Redis is unreachable the request
is let through and a warning is logged: limiting is protection, not a reason to take
the API down.
"""

from __future__ import annotations

import time
from typing import Any, NamedTuple, cast

import redis.asyncio as aioredis
import structlog
from fastapi import HTTPException, status

log = structlog.get_logger(__name__)

WINDOW_S = 60
LEASES_PER_WINDOW = 20

# KEYS: one counter per limit; ARGV: window, then each limit. Returns {index, ttl} of the
# first exceeded limit, or {0, 0}.
_HIT = """
local blocked, wait = 0, 0
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('EXPIRE', key, ARGV[1]) end
  if blocked == 0 and count > tonumber(ARGV[i + 1]) then
    blocked = i
    wait = redis.call('TTL', key)
    if wait < 1 then wait = 1 end
  end
end
return {blocked, wait}
"""


class Limit(NamedTuple):
    scope: str
    subject: str
    per_minute: int


class RateLimiter:
    def __init__(self, redis: aioredis.Redis) -> None:
        self.script = redis.register_script(_HIT)

    async def retry_after(self, *limits: Limit) -> tuple[Limit | None, int]:
        """The first limit this request exceeds and the seconds until it resets, or (None, 0)."""
        keys = [f"waymark:ratelimit:{limit.scope}:{limit.subject}" for limit in limits]
        try:
            reply = await cast(
                Any, self.script(keys=keys, args=[WINDOW_S, *(lim.per_minute for lim in limits)])
            )
        except (aioredis.RedisError, OSError) as error:
            log.warning("ratelimit.unavailable", error=str(error)[:200])
            return None, 0
        blocked, wait = int(reply[0]), int(reply[1])
        return (limits[blocked - 1], wait) if blocked else (None, 0)

    async def check(self, *limits: Limit) -> None:
        exceeded, wait = await self.retry_after(*limits)
        if exceeded is not None:
            raise too_many(exceeded, wait)


def too_many(limit: Limit, wait_s: int) -> HTTPException:
    return HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS,
        detail=f"Rate limit exceeded: at most {limit.per_minute} requests per minute for {limit.scope}",
        headers={"Retry-After": str(wait_s)},
    )


# KEYS[1] the window's counter; ARGV: lease size, limit, window. Returns {units leased, seconds
# the window has left}; 0 units: none left.
_LEASE = """
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
if total == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 1 then ttl = 1 end
local left = tonumber(ARGV[2]) - (total - tonumber(ARGV[1]))
if left <= 0 then return {0, ttl} end
return {math.min(left, tonumber(ARGV[1])), ttl}
"""


class LeasedLimiter:
    """The general request budget, spent from local leases (see the module's docstring)."""

    def __init__(self, redis: aioredis.Redis) -> None:
        self.script = redis.register_script(_LEASE)
        # (scope, subject) -> (when the lease's window ends, on the monotonic clock; units left)
        self.leases: dict[tuple[str, str], tuple[float, int]] = {}

    async def check(self, limit: Limit) -> None:
        now = time.monotonic()
        key = (limit.scope, limit.subject)
        ends, units = self.leases.get(key, (now, 0))
        if now < ends and units > 0:
            self.leases[key] = (ends, units - 1)
            return
        size = max(1, limit.per_minute // LEASES_PER_WINDOW)
        counter = f"waymark:ratelimit:{limit.scope}:{limit.subject}"
        try:
            reply = await cast(Any, self.script(keys=[counter], args=[size, limit.per_minute, WINDOW_S]))
        except (aioredis.RedisError, OSError) as error:
            log.warning("ratelimit.unavailable", error=str(error)[:200])
            return
        granted, ttl = int(reply[0]), int(reply[1])
        if granted <= 0:
            raise too_many(limit, ttl)
        self.leases[key] = (now + ttl, granted - 1)
        if len(self.leases) > 10_000:  # forget the users whose windows have ended
            self.leases = {k: v for k, v in self.leases.items() if v[0] > now}
