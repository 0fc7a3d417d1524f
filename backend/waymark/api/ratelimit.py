"""Per-user and per-client rate limits in Redis, shared by every API process.

A fixed one-minute window per (scope, subject): one Lua call increments the counter
and, over the limit, answers how long until the window ends (``Retry-After``). If
Redis is unreachable the request is let through and a warning is logged: limiting
is protection, not a reason to take the API down.
"""

from __future__ import annotations

from typing import Any, cast

import redis.asyncio as aioredis
import structlog
from fastapi import HTTPException, status

log = structlog.get_logger(__name__)

WINDOW_S = 60

_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if count > tonumber(ARGV[2]) then
  local ttl = redis.call('TTL', KEYS[1])
  if ttl < 1 then ttl = 1 end
  return ttl
end
return 0
"""


class RateLimiter:
    def __init__(self, redis: aioredis.Redis) -> None:
        self.script = redis.register_script(_HIT)

    async def retry_after(self, scope: str, subject: str, limit: int) -> int:
        """0 when the call is allowed, else the seconds until it would be."""
        key = f"waymark:ratelimit:{scope}:{subject}"
        try:
            wait = await cast(Any, self.script(keys=[key], args=[WINDOW_S, limit]))
        except (aioredis.RedisError, OSError) as error:
            log.warning("ratelimit.unavailable", scope=scope, error=str(error)[:200])
            return 0
        return int(wait)

    async def check(self, scope: str, subject: str, limit: int) -> None:
        wait = await self.retry_after(scope, subject, limit)
        if wait:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                detail=f"Rate limit exceeded: at most {limit} requests per minute for {scope}",
                headers={"Retry-After": str(wait)},
            )
