"""A backing service could not be reached (a restart, a failover, a socket gone, a pool with no
free connection): the request can be retried, so it answers 503 with ``Retry-After`` rather
than a 500 (docs/api.md, Limits and errors). The event streams use the same list to end a
stream cleanly when its Redis or database goes away mid-stream."""

from __future__ import annotations

import redis.exceptions
import structlog
from fastapi import Request
from fastapi.responses import JSONResponse

from waymark.db.outages import DATABASE_OUTAGES

log = structlog.get_logger(__name__)

RETRY_AFTER_S = 2
DETAIL = "A service Waymark depends on is unavailable right now; retry shortly"

SERVICE_UNAVAILABLE: tuple[type[Exception], ...] = (
    *DATABASE_OUTAGES,  # a restart, a socket gone, a pool with no free connection (db/outages.py)
    # redis-py's own: neither is an OSError. ConnectionError covers refused, reset, "no
    # connection available" from a blocking pool, and a server still loading its data.
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)


async def service_unavailable(request: Request, error: Exception) -> JSONResponse:
    log.warning("api.service_unavailable", path=request.url.path, error=type(error).__name__)
    return JSONResponse({"detail": DETAIL}, status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)})
