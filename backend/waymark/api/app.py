"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
import structlog
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from waymark.api.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from waymark.api.routes import auth, health
from waymark.db.engine import create_engine, create_sessionmaker
from waymark.settings import Settings, get_settings

log = structlog.get_logger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    engine = create_engine(settings)
    app.state.engine = engine
    app.state.sessionmaker = create_sessionmaker(engine)
    app.state.redis = aioredis.Redis.from_url(
        settings.redis.required_url,
        socket_connect_timeout=2,
        socket_timeout=5,
    )
    log.info("api.started", env=settings.env.value)
    try:
        yield
    finally:
        await app.state.redis.aclose()
        await engine.dispose()
        log.info("api.stopped")


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
    app.include_router(health.router)
    app.include_router(auth.router)
    app.add_exception_handler(Exception, _unhandled_error)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.api.cors_origins,
        allow_methods=["*"],
        allow_headers=["*"],
        expose_headers=["X-Request-ID", "Retry-After"],
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.api.max_body_bytes)
    app.add_middleware(RequestContextMiddleware)
    return app
