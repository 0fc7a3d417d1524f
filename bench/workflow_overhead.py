"""Workflow overhead: one ~48-concept roadmap, in-process, simulators at zero latency.

Prints time per node and per concept spent outside the LLM and search calls,
checkpoint bytes per step, and the wall-time ratio of the Postgres checkpointer
against LangGraph's InMemorySaver on the same graph.

    .venv/bin/python bench/workflow_overhead.py [--runs 5]

Uses DATABASE_URL / REDIS_URL when set, else embedded servers in a temp directory.
The simulators run in their own process (`waymark sim`) so they do not share the GIL.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg  # noqa: E402
import redis.asyncio as aioredis  # noqa: E402
from langgraph.checkpoint.memory import InMemorySaver  # noqa: E402
from langgraph.types import Command  # noqa: E402
from support import bench_services  # noqa: E402

from waymark.content.job import ConceptJob, ContentContext  # noqa: E402
from waymark.content.service import generate_concept  # noqa: E402
from waymark.db.engine import create_engine, create_sessionmaker, session_scope  # noqa: E402
from waymark.db.migrate import migrate_database  # noqa: E402
from waymark.db.repositories.tasks import create_task  # noqa: E402
from waymark.db.repositories.users import create_user  # noqa: E402
from waymark.events.publisher import MemoryPublisher  # noqa: E402
from waymark.llm.client import LLMClient, LLMResult, Messages  # noqa: E402
from waymark.logging import configure_logging  # noqa: E402
from waymark.roadmaps.framework import concepts as framework_concepts  # noqa: E402
from waymark.search.client import SearchClient, SearchResult  # noqa: E402
from waymark.settings import Settings, load_settings  # noqa: E402
from waymark.worker.outbox import outbox_info  # noqa: E402
from waymark.worker.sender import MemorySender  # noqa: E402
from waymark.workflow.checkpointer import open_checkpointer  # noqa: E402
from waymark.workflow.context import WorkflowContext  # noqa: E402
from waymark.workflow.graph import build_graph  # noqa: E402
from waymark.workflow.runner import initial_state, thread_config  # noqa: E402


class TimedLLM(LLMClient):
    """Records the wall time spent inside LLM calls."""

    spent_s = 0.0

    async def structured(self, role: str, messages: Messages, output_model: type[Any]) -> LLMResult[Any]:
        started = time.perf_counter()
        try:
            return await super().structured(role, messages, output_model)
        finally:
            TimedLLM.spent_s += time.perf_counter() - started


class TimedSearch(SearchClient):
    spent_s = 0.0

    async def search(self, query: str, *, max_results: int | None = None) -> list[SearchResult]:
        started = time.perf_counter()
        try:
            return await super().search(query, max_results=max_results)
        finally:
            TimedSearch.spent_s += time.perf_counter() - started


async def one_run(ctx: WorkflowContext, saver: Any, task_id: str) -> tuple[float, dict[str, list[float]]]:
    """Start → review → approve; returns wall seconds and per-node overhead samples."""
    graph = build_graph(saver)
    config = thread_config(task_id)
    per_node: dict[str, list[float]] = defaultdict(list)
    started = time.perf_counter()
    for graph_input in (await initial_state(ctx, task_id), Command(resume={"decision": "approve"})):
        mark, llm_mark = time.perf_counter(), TimedLLM.spent_s
        async for update in graph.astream(graph_input, config, context=ctx, stream_mode="updates"):
            now = time.perf_counter()
            for node in update:
                if node != "__interrupt__":
                    per_node[node].append(now - mark - (TimedLLM.spent_s - llm_mark))
            mark, llm_mark = now, TimedLLM.spent_s
    return time.perf_counter() - started, per_node


def checkpoint_bytes(psycopg_url: str, task_id: str) -> tuple[int, int]:
    with psycopg.connect(psycopg_url) as conn:
        steps = conn.execute("SELECT count(*) FROM checkpoints WHERE thread_id = %s", (task_id,)).fetchone()
        total = conn.execute(
            "SELECT coalesce((SELECT sum(octet_length(checkpoint::text) + octet_length(metadata::text))"
            "  FROM checkpoints WHERE thread_id = %(t)s), 0)"
            " + coalesce((SELECT sum(octet_length(blob)) FROM checkpoint_blobs WHERE thread_id = %(t)s), 0)"
            " + coalesce((SELECT sum(octet_length(blob)) FROM checkpoint_writes WHERE thread_id = %(t)s), 0)",
            {"t": task_id},
        ).fetchone()
    return int(total[0] if total else 0), int(steps[0] if steps else 0)


async def new_task(ctx: WorkflowContext) -> str:
    async with session_scope(ctx.sessionmaker) as session:
        user = await create_user(session, f"bench-{uuid.uuid4().hex[:8]}@example.com", "x")
        if user is None:
            raise RuntimeError("could not create the bench user")
        task = await create_task(
            session, owner_id=user.id, goal="Learn Rust for embedded work", preferences={"weekly_hours": 6}
        )
        return str(task.id)


def report(title: str, rows: list[tuple[str, str]]) -> None:
    sys.stdout.write(f"\n{title}\n")
    for name, value in rows:
        sys.stdout.write(f"  {name:<38} {value}\n")


async def bench(settings: Settings, runs: int) -> None:
    engine = create_engine(settings)
    redis = aioredis.Redis.from_url(settings.redis.required_url)
    ctx = WorkflowContext(
        llm=TimedLLM(settings.llm, redis),
        sessionmaker=create_sessionmaker(engine, outbox_info(MemorySender())),
        publisher=MemoryPublisher(),
    )
    walls: dict[str, list[float]] = {"postgres": [], "memory": []}
    nodes: dict[str, list[float]] = defaultdict(list)
    sizes: list[tuple[int, int]] = []
    for run in range(runs + 1):  # the first run warms both paths and is discarded
        for kind in ("memory", "postgres"):
            task_id = await new_task(ctx)
            if kind == "memory":
                wall, per_node = await one_run(ctx, InMemorySaver(), task_id)
            else:
                async with open_checkpointer(settings.db.psycopg_url) as saver:
                    wall, per_node = await one_run(ctx, saver, task_id)
                sizes.append(checkpoint_bytes(settings.db.psycopg_url, task_id))
            if run:
                walls[kind].append(wall)
                if kind == "postgres":
                    for node, samples in per_node.items():
                        nodes[node].extend(samples)

    concepts = len(framework_concepts(await _framework(settings, task_id)))
    pg, mem = statistics.median(walls["postgres"]), statistics.median(walls["memory"])
    total_bytes, steps = sizes[-1]
    report(
        f"Workflow overhead ({concepts} concepts, {runs} runs, medians, simulators at zero latency)",
        [
            (f"node {node}", f"{statistics.median(s) * 1000:7.2f} ms outside the LLM")
            for node, s in nodes.items()
        ]
        + [
            ("graph wall, Postgres checkpointer", f"{pg * 1000:7.1f} ms"),
            ("graph wall, InMemorySaver", f"{mem * 1000:7.1f} ms"),
            ("ratio Postgres / in-memory", f"{pg / mem:7.3f}x  (target <= 1.25x)"),
            ("checkpoint bytes per step", f"{total_bytes / max(1, steps):9.0f} B  ({steps} steps)"),
        ],
    )
    await content_overhead(settings, ctx, task_id, redis)
    await redis.aclose()
    await engine.dispose()


async def _framework(settings: Settings, task_id: str) -> dict[str, Any]:
    from waymark.workflow.runner import read_state

    framework: dict[str, Any] = (await read_state(settings.db.psycopg_url, task_id))["framework"]
    return framework


async def content_overhead(
    settings: Settings, ctx: WorkflowContext, task_id: str, redis: aioredis.Redis
) -> None:
    from waymark.db.models import Task

    framework = await _framework(settings, task_id)
    async with ctx.sessionmaker() as session:
        task = await session.get(Task, uuid.UUID(task_id))
        if task is None or task.roadmap_id is None:
            raise RuntimeError("the graph run did not persist a roadmap")
        roadmap_id = task.roadmap_id
    content_ctx = ContentContext(
        llm=TimedLLM(settings.llm, redis),
        search=TimedSearch(settings.search),
        sessionmaker=ctx.sessionmaker,
        publisher=MemoryPublisher(),
    )
    concepts = framework_concepts(framework)
    TimedLLM.spent_s = TimedSearch.spent_s = 0.0
    started = time.perf_counter()
    for concept in concepts:
        job = ConceptJob(
            task_id=task_id, roadmap_id=roadmap_id, concept=concept, roadmap_title=framework["title"]
        )
        await generate_concept(content_ctx, job)
    wall = time.perf_counter() - started
    outside = wall - TimedLLM.spent_s - TimedSearch.spent_s
    report(
        "Content generation, one process, sequential",
        [
            ("concepts", f"{len(concepts)}"),
            ("wall", f"{wall:7.2f} s"),
            ("per concept outside LLM and search", f"{outside / len(concepts) * 1000:7.2f} ms"),
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    configure_logging(json_output=False, level="WARNING")
    with bench_services({"stages": 4, "modules": 3, "concepts": 4}) as services:
        migrate_database(services.database_url)
        settings = load_settings(
            env="test",
            db={"url": services.database_url},
            redis={"url": services.redis_url},
            llm={"base_url": services.llm_base_url},
            search={"base_url": services.search_base_url},
        )
        asyncio.run(bench(settings, args.runs))


if __name__ == "__main__":
    main()
