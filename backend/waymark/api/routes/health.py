"""Liveness and readiness. /health does no I/O; /health/ready checks every dependency."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from waymark.db.migrate import current_revision, head_revision
from waymark.logging import redact_text

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
