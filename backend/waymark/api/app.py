"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from waymark.api.metrics import Metrics, MetricsMiddleware
from waymark.api.middleware import BodySizeLimitMiddleware, ClientAddressMiddleware, RequestContextMiddleware
from waymark.api.openapi import install_openapi
from waymark.api.ratelimit import LeasedLimiter, RateLimiter
from waymark.api.responses import error
from waymark.api.routes import auth, events, health, me, mentor, notes, placement, roadmaps, shared, tasks
from waymark.api.routes.health import CeleryHealthCache
from waymark.api.streams import StreamSlots
from waymark.api.unavailable import SERVICE_UNAVAILABLE, service_unavailable
from waymark.api.validation import validation_error
from waymark.auth.revocation import RevocationListener, SessionCheck
from waymark.db.engine import create_engine, create_read_pool, create_sessionmaker
from waymark.llm.client import LLMClient
from waymark.settings import Settings, get_settings
from waymark.tasks.errors import DomainError
from waymark.worker.celery_app import create_celery
from waymark.worker.outbox import Announcer, outbox_info
from waymark.worker.sender import JobSender

log = structlog.get_logger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    engine = create_engine(settings, ping_after_idle_s=settings.db.ping_after_idle_s)
    app.state.engine = engine
    # bounded pools: a burst waits for a connection (up to the timeout) instead of opening more
    app.state.redis = aioredis.Redis(
        connection_pool=aioredis.BlockingConnectionPool.from_url(
            settings.redis.required_url,
            max_connections=settings.api.redis_pool_size,
            timeout=5,
            socket_connect_timeout=2,
            socket_timeout=5,
        )
    )
    celery = create_celery(settings)
    app.state.celery = celery
    sender = JobSender(celery, app.state.redis, settings.celery.shared_queue)
    # a request's jobs and events leave once its transaction has committed (worker.outbox)
    app.state.sessionmaker = create_sessionmaker(
        engine, outbox_info(sender, Announcer(app.state.redis, sender))
    )
    # reads need no transaction: no BEGIN/COMMIT round trips (same pool, autocommit connections)
    app.state.read_sessionmaker = create_sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"))
    app.state.read_pool = await create_read_pool(settings)
    # event streams block on XREAD for up to a heartbeat: their own pool, one connection per
    # stream this process may hold (docs/api.md, Limits), a longer timeout
    app.state.stream_redis = aioredis.Redis(
        connection_pool=aioredis.BlockingConnectionPool.from_url(
            settings.redis.required_url,
            max_connections=settings.api.max_streams_per_process,
            timeout=5,
            socket_connect_timeout=2,
            socket_timeout=settings.api.sse_heartbeat_s + 10,
        )
    )
    app.state.stream_slots = StreamSlots(
        app.state.redis,
        per_user=settings.api.max_streams_per_user,
        per_process=settings.api.max_streams_per_process,
        ttl_s=3 * settings.api.sse_heartbeat_s + 5,
    )
    app.state.limiter = RateLimiter(app.state.redis)
    # interactive LLM calls (the mentor, the placement check's assessor) answer in this process,
    # through the one LLM client (the workers' limiter, retries, usage)
    app.state.llm = LLMClient(settings.llm, app.state.redis)
    app.state.mentor_slots = StreamSlots(
        app.state.redis,
        per_user=settings.mentor.max_streams_per_user,
        per_process=settings.mentor.max_streams_per_process,
        ttl_s=3 * settings.api.sse_heartbeat_s + 5,
        prefix="waymark:mentor-streams",
        what="mentor answers",
    )
    app.state.mentor_finishers = set()
    # signed-out sessions: checked against a short-lived cache, told over Redis (auth/revocation.py)
    app.state.session_check = SessionCheck.on_pool(app.state.read_pool, ttl_s=settings.auth.session_cache_s)
    revocations = RevocationListener(settings.redis.required_url, app.state.session_check)
    app.state.revocation_listener = asyncio.create_task(revocations.run(), name="auth.revocations")
    app.state.request_budget = LeasedLimiter(app.state.redis)
    app.state.celery_health = CeleryHealthCache()
    # Everything built so far lives as long as the process: keep it out of the collector's
    # scans, so full collections stay short and do not show up as latency spikes.
    gc.collect()
    gc.freeze()
    log.info("api.started", env=settings.env.value)
    try:
        yield
    finally:
        app.state.revocation_listener.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await app.state.revocation_listener
        celery.close()
        await app.state.stream_slots.close()
        await app.state.mentor_slots.close()
        if app.state.mentor_finishers:
            await asyncio.wait(set(app.state.mentor_finishers), timeout=5)
        await app.state.llm.aclose()
        await app.state.stream_redis.aclose()
        await app.state.redis.aclose()
        await app.state.read_pool.close()
        await engine.dispose()
        log.info("api.stopped")


async def _domain_error(request: Request, error: Exception) -> JSONResponse:
    """Every domain error carries its status: 404, 409 (with the current status), 422."""
    if not isinstance(error, DomainError):  # pragma: no cover - registered for DomainError only
        raise error
    return JSONResponse(error.body(), status_code=error.status_code, headers=error.headers())


async def _unhandled_error(request: Request, error: Exception) -> JSONResponse:
    log.error("api.unhandled_error", path=request.url.path, exc_info=error)
    return JSONResponse({"detail": "Internal server error"}, status_code=500)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Waymark API",
        version="1.0.0",
        summary="Learning roadmaps: goal → reviewed roadmap → tutorials, resources, quizzes.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    install_openapi(app)
    app.include_router(health.router)
    for router in (
        auth.router,
        me.router,
        placement.router,
        tasks.router,
        events.router,
        roadmaps.router,
        notes.router,
        mentor.router,
        shared.router,
    ):
        app.include_router(router, responses=error(400, "The body is not valid UTF-8 JSON"))
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    for unavailable in SERVICE_UNAVAILABLE:  # 503 with Retry-After, never a 500
        app.add_exception_handler(unavailable, service_unavailable)
    app.add_exception_handler(Exception, _unhandled_error)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.api.cors_origins,
        allow_methods=["*"],
        allow_headers=["*"],
        expose_headers=["X-Request-ID", "Retry-After"],
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.api.max_body_bytes)
    if settings.api.trusted_proxy_hops:
        app.add_middleware(ClientAddressMiddleware, hops=settings.api.trusted_proxy_hops)
    app.add_middleware(
        RequestContextMiddleware,
        log_all=settings.api.access_log == "all",
        slow_ms=settings.api.slow_request_ms,
    )
    return app
