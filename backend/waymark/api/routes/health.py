"""Ops: liveness (no I/O), readiness (every dependency), Celery consumers, Prometheus metrics."""

from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import anyio
from celery import Celery
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from kombu.exceptions import OperationalError
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from waymark.db.engine import session_scope
from waymark.db.migrate import current_revision, head_revision
from waymark.logging import redact_text
from waymark.worker.queues import Queue

router = APIRouter(tags=["ops"])

CHECK_TIMEOUT_S = 2.0


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


async def _check(probe: Callable[[], Awaitable[Any]]) -> dict[str, Any]:
    try:
        detail = await asyncio.wait_for(probe(), timeout=CHECK_TIMEOUT_S)
    except TimeoutError:
        return {"ok": False, "error": f"timed out after {CHECK_TIMEOUT_S:.0f}s"}
    except Exception as error:  # noqa: BLE001 - reported to the caller as the failed check
        return {"ok": False, "error": redact_text(f"{type(error).__name__}: {error}")[:300]}
    return {"ok": True, **(detail or {})}


@router.get(
    "/health/ready",
    responses={503: {"description": "A dependency is down; the body names the failed check"}},
)
async def ready(request: Request) -> JSONResponse:
    state = request.app.state

    async def database() -> None:
        async with state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def redis() -> None:
        await state.redis.ping()

    async def migrations() -> dict[str, str | None]:
        current, head = await current_revision(state.engine), head_revision()
        if current != head:
            raise RuntimeError(f"database at revision {current}, code expects {head}")
        return {"revision": current}

    names = ("database", "redis", "migrations")
    results = await asyncio.gather(_check(database), _check(redis), _check(migrations))
    checks = dict(zip(names, results, strict=True))
    ok = all(check["ok"] for check in checks.values())
    return JSONResponse(
        {"status": "ready" if ok else "unavailable", "checks": checks},
        status_code=200 if ok else 503,
    )


CELERY_INSPECT_TIMEOUT_S = 1.5
CELERY_DEADLINE_S = 2.5
CELERY_ANSWER_TTL_S = 5.0


@dataclass
class CeleryHealthCache:
    """Each answer is a broadcast to every worker and a thread: one at a time per process,
    and reused for a few seconds by every caller (a scraper or a load balancer polling)."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    answer: tuple[dict[str, Any], int] | None = None
    at: float = 0.0

    def fresh(self) -> tuple[dict[str, Any], int] | None:
        return self.answer if time.monotonic() - self.at < CELERY_ANSWER_TTL_S else None


def _consumers_per_queue(celery: Celery) -> dict[str, list[str]]:
    replies = celery.control.inspect(timeout=CELERY_INSPECT_TIMEOUT_S).active_queues() or {}
    consumers: dict[str, list[str]] = {queue.value: [] for queue in Queue}
    for worker, queues in replies.items():
        for queue in queues:
            consumers.setdefault(queue["name"], []).append(worker)
    return consumers


@router.get(
    "/health/celery",
    responses={503: {"description": "A queue has no consumer, or the broker does not answer"}},
)
async def celery_health(request: Request) -> JSONResponse:
    """Workers consuming each queue; answers within 3 s even when no worker is up. The answer
    is reused for 5 s (``checked_at`` says when it was taken)."""
    cache: CeleryHealthCache = request.app.state.celery_health
    async with cache.lock:
        answer = cache.fresh()
        if answer is None:
            answer = await _ask_workers(request.app.state.celery)
            cache.answer, cache.at = answer, time.monotonic()
    return JSONResponse(answer[0], status_code=answer[1])


async def _ask_workers(celery: Celery) -> tuple[dict[str, Any], int]:
    checked_at = datetime.now(UTC).isoformat()
    try:
        consumers = await asyncio.wait_for(
            anyio.to_thread.run_sync(_consumers_per_queue, celery), timeout=CELERY_DEADLINE_S
        )
    except (TimeoutError, OSError, OperationalError) as error:
        detail = redact_text(f"{type(error).__name__}: {error}")[:300]
        return {"status": "unavailable", "error": detail, "queues": {}, "checked_at": checked_at}, 503
    queues = {
        name: {"consumers": len(workers), "workers": sorted(workers)} for name, workers in consumers.items()
    }
    ok = all(consumers[queue.value] for queue in Queue)
    return {"status": "ok" if ok else "degraded", "queues": queues, "checked_at": checked_at}, (
        200 if ok else 503
    )


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={
        401: {"description": "The bearer token does not match METRICS_TOKEN"},
        403: {"description": "Outside dev, /metrics is off until METRICS_TOKEN is set"},
    },
)
async def metrics(request: Request) -> Response:
    """Prometheus exposition: HTTP latency, tasks by status, queue depth, LLM calls/tokens/cost.
    It shows platform-wide spend, so outside dev it needs ``Authorization: Bearer <METRICS_TOKEN>``."""
    state = request.app.state
    token = state.settings.api.metrics_token
    if token is None and not state.settings.is_dev:
        return JSONResponse(
            {"detail": "Metrics are off: set METRICS_TOKEN to enable /metrics"}, status_code=403
        )
    if token is not None:
        sent = request.headers.get("authorization", "").removeprefix("Bearer ").encode()
        if not hmac.compare_digest(sent, token.get_secret_value().encode()):
            return JSONResponse({"detail": "Not authenticated"}, status_code=401)
    async with session_scope(state.sessionmaker) as session:
        await state.metrics.refresh(session, state.redis)
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
