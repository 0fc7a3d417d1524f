"""Prometheus metrics: request latency from a middleware; platform gauges read at scrape time.

Each API process keeps its own request histograms (a scrape sees the process it
reached); the gauges come from PostgreSQL and Redis, so every process reports the
same platform-wide values.
"""

from __future__ import annotations

import time

import redis.asyncio as aioredis
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from waymark.db.models import LLMRoleStats, Task
from waymark.worker.queues import Queue

LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http_latency = Histogram(
            "waymark_http_request_duration_seconds",
            "HTTP request latency by route template",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.http_requests = Counter(
            "waymark_http_requests", "HTTP requests", ["method", "route", "status"], registry=self.registry
        )
        self.tasks = Gauge("waymark_tasks", "Tasks by status", ["status"], registry=self.registry)
        self.queue_depth = Gauge(
            "waymark_queue_depth", "Messages waiting per Celery queue", ["queue"], registry=self.registry
        )
        self.llm_calls = Gauge(
            "waymark_llm_calls", "LLM calls made, by role", ["role"], registry=self.registry
        )
        self.llm_tokens = Gauge(
            "waymark_llm_tokens",
            "LLM tokens used, by role and kind",
            ["role", "kind"],
            registry=self.registry,
        )
        self.llm_cost = Gauge(
            "waymark_llm_cost_usd", "LLM spend in USD, by role", ["role"], registry=self.registry
        )

    async def refresh(self, session: AsyncSession, redis: aioredis.Redis) -> None:
        self.tasks.clear()
        for status, count in (
            await session.execute(select(Task.status, func.count()).group_by(Task.status))
        ).all():
            self.tasks.labels(status=status).set(count)
        async with redis.pipeline(transaction=False) as pipe:
            for queue in Queue:
                pipe.llen(queue.value)
            depths = await pipe.execute()
        for queue, depth in zip(Queue, depths, strict=True):
            self.queue_depth.labels(queue=queue.value).set(depth)
        for row in (await session.execute(select(LLMRoleStats))).scalars():
            self.llm_calls.labels(role=row.role).set(row.calls)
            self.llm_tokens.labels(role=row.role, kind="prompt").set(row.prompt_tokens)
            self.llm_tokens.labels(role=row.role, kind="completion").set(row.completion_tokens)
            self.llm_cost.labels(role=row.role).set(float(row.cost_usd))


class MetricsMiddleware:
    """Times every HTTP request under its route template (``/api/v1/tasks/{task_id}``), so
    ids do not explode the label space; unmatched paths count as ``unmatched``."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status_code = 500

        async def record_status(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            route = scope.get("route")
            labels = {
                "method": scope["method"],
                "route": getattr(route, "path", "unmatched"),
                "status": str(status_code),
            }
            self.metrics.http_latency.labels(**labels).observe(time.perf_counter() - started)
            self.metrics.http_requests.labels(**labels).inc()
