"""Per-user and per-client rate limits in Redis, shared by every API process.

A fixed one-minute window per (scope, subject): one Lua call counts the request in
every window that applies to it and, if any is over its limit, answers how long
until that window ends (``Retry-After``). If Redis is unreachable the request is let
through and a warning is logged: limiting is protection, not a reason to take the
API down.
"""

from __future__ import annotations

from typing import Any, NamedTuple, cast

import redis.asyncio as aioredis
import structlog
from fastapi import HTTPException, status

log = structlog.get_logger(__name__)

WINDOW_S = 60

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
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                detail=(
                    f"Rate limit exceeded: at most {exceeded.per_minute} requests per minute"
                    f" for {exceeded.scope}"
                ),
                headers={"Retry-After": str(wait)},
            )
