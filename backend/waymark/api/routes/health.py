"""Ops: liveness (no I/O), readiness (every dependency), Celery consumers, Prometheus metrics."""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable
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
    """Workers consuming each queue; answers within 3 s even when no worker is up."""
    celery: Celery = request.app.state.celery
    try:
        consumers = await asyncio.wait_for(
            anyio.to_thread.run_sync(_consumers_per_queue, celery), timeout=CELERY_DEADLINE_S
        )
    except (TimeoutError, OSError, OperationalError) as error:
        detail = redact_text(f"{type(error).__name__}: {error}")[:300]
        return JSONResponse({"status": "unavailable", "error": detail, "queues": {}}, status_code=503)
    queues = {
        name: {"consumers": len(workers), "workers": sorted(workers)} for name, workers in consumers.items()
    }
    ok = all(consumers[queue.value] for queue in Queue)
    return JSONResponse(
        {"status": "ok" if ok else "degraded", "queues": queues}, status_code=200 if ok else 503
    )


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={401: {"description": "METRICS_TOKEN is set and the bearer token does not match"}},
)
async def metrics(request: Request) -> Response:
    """Prometheus exposition: HTTP latency, tasks by status, queue depth, LLM calls/tokens/cost."""
    state = request.app.state
    token = state.settings.api.metrics_token
    if token is not None:
        sent = request.headers.get("authorization", "").removeprefix("Bearer ").encode()
        if not hmac.compare_digest(sent, token.get_secret_value().encode()):
            return JSONResponse({"detail": "Not authenticated"}, status_code=401)
    async with session_scope(state.sessionmaker) as session:
        await state.metrics.refresh(session, state.redis)
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
