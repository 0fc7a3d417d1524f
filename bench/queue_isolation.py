"""Queue isolation on real worker processes, with the simulators at a fixed latency.

(a) makespan of K concurrent roadmaps against max(critical path, total work ÷ slots);
(b) isolation: time for a new roadmap to reach review while content generation
    saturates the content workers, ÷ the same time on an idle system — with the three
    queues, with the three queues and the workflow service lending its idle slots to
    content (CELERY_WORKFLOW_LENDS_TO_CONTENT), and with every task on one shared queue
    with the same total slots;
(c) enqueue → start latency p50 / p99, from Celery's task-sent / task-started events.

    .venv/bin/python bench/queue_isolation.py [--k 4] [--latency-ms 150]

Uses DATABASE_URL / REDIS_URL when set, else embedded servers in a temp directory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from celery import Celery  # noqa: E402
from support import bench_services  # noqa: E402

from waymark.db.engine import create_engine, create_sessionmaker, session_scope  # noqa: E402
from waymark.db.models import Task  # noqa: E402
from waymark.db.repositories.task_transitions import insert_below_cap  # noqa: E402
from waymark.db.repositories.users import create_user  # noqa: E402
from waymark.logging import configure_logging  # noqa: E402
from waymark.settings import load_settings  # noqa: E402
from waymark.worker.celery_app import create_celery  # noqa: E402

SLOTS = {"workflow": 1, "content": 5, "logs": 1}  # the content work is ~90% of the total
DONE = {"completed", "partial_failure", "failed"}


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


@dataclass
class Env:
    base: dict[str, str]
    logs: Path


# variant → (its label, extra worker environment)
VARIANTS = {
    "three": ("three queues", {}),
    "lending": ("three queues, workflow lends", {"CELERY_WORKFLOW_LENDS_TO_CONTENT": "true"}),
    # the same six roadmap slots, two of them on the lending workflow service
    "lending2": (
        "workflow (2 slots) lends, content 4",
        {
            "CELERY_WORKFLOW_LENDS_TO_CONTENT": "true",
            "CELERY_WORKFLOW_CONCURRENCY": "2",
            "CELERY_CONTENT_CONCURRENCY": "4",
        },
    ),  # fmt: skip
    "shared": ("one shared queue", {"WAYMARK_CELERY__SHARED_QUEUE": "shared"}),
}


@contextmanager
def workers(env: Env, variant: str) -> Iterator[Celery]:
    """Three services through the entrypoint, or one worker on one shared queue."""
    processes: list[subprocess.Popen[bytes]] = []
    shared = variant == "shared"
    base = {**env.base, **VARIANTS[variant][1]}
    if shared:
        total = sum(SLOTS.values())
        commands = [(["celery", "-A", "waymark.worker.app:app", "worker", "-Q", "shared", "-c", str(total),
                      "--prefetch-multiplier", "1", "-n", "shared@%h", "-E"], {})]  # fmt: skip
    else:
        commands = [
            (["bash", str(ROOT / "scripts/railway_entrypoint.sh")], {"SERVICE_TYPE": f"celery_{name}"})
            for name in SLOTS
        ]
    for number, (command, extra) in enumerate(commands):
        log = (env.logs / f"{variant}-{number}.log").open("ab")
        processes.append(
            subprocess.Popen(  # noqa: S603
                command, env={**base, **extra}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        )
    app = create_celery(
        load_settings(
            env="test",
            db={"url": base["DATABASE_URL"]},
            redis={"url": base["REDIS_URL"]},
            celery={"shared_queue": "shared" if shared else None},
        )
    )
    deadline = time.monotonic() + 60
    while len(app.control.inspect(timeout=1).ping() or {}) < len(commands):
        if time.monotonic() > deadline:
            raise RuntimeError("workers did not start")
    try:
        yield app
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        app.close()


class Latencies:
    """enqueue → start, from the task-sent and task-started events."""

    def __init__(self, app: Celery) -> None:
        self.sent: dict[str, float] = {}
        self.started: dict[str, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(app,), daemon=True)
        self.thread.start()
        time.sleep(1)

    def _run(self, app: Celery) -> None:
        with app.connection() as connection:
            receiver = app.events.Receiver(
                connection,
                handlers={
                    "task-sent": lambda e: self.sent.setdefault(e["uuid"], e["timestamp"]),
                    "task-started": lambda e: self.started.setdefault(e["uuid"], e["timestamp"]),
                },
            )
            while not self.stop.is_set():
                try:
                    receiver.capture(limit=None, timeout=1, wakeup=False)
                except (TimeoutError, OSError):
                    continue

    def values_ms(self) -> list[float]:
        self.stop.set()
        return sorted((self.started[k] - self.sent[k]) * 1000 for k in self.started if k in self.sent)


class Driver:
    def __init__(self, database_url: str, redis_url: str) -> None:
        self.settings = load_settings(env="test", db={"url": database_url}, redis={"url": redis_url})
        self.engine = create_engine(self.settings)
        self.sessionmaker = create_sessionmaker(self.engine)

    async def submit(self, app: Celery, *, skip_review: bool) -> str:
        async with session_scope(self.sessionmaker) as session:
            user = await create_user(session, f"bench-{uuid.uuid4().hex[:10]}@example.com", "x")
            if user is None:
                raise RuntimeError("user")
            task_id = await insert_below_cap(
                session, owner_id=user.id, goal="Learn Rust for embedded work",
                preferences={"weekly_hours": 6, "skip_review": skip_review}, idempotency_key=None, cap=1000,
            )  # fmt: skip
        app.send_task("workflow.generate_roadmap", args=[str(task_id)])
        return str(task_id)

    async def _wait_all(self, task_ids: list[str], done: Callable[[Task], bool], what: str) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < 600:
            async with self.sessionmaker() as session:
                states = [(await session.get(Task, uuid.UUID(t))) for t in task_ids]
            if all(s is not None and done(s) for s in states):
                return time.perf_counter() - started
            await asyncio.sleep(0.05)
        raise TimeoutError(f"tasks not {what} after 600 s")

    async def wait_steps(self, task_ids: list[str], steps: set[str]) -> float:
        return await self._wait_all(task_ids, lambda task: task.current_step in steps, f"at {steps}")

    async def wait(self, task_ids: list[str], statuses: set[str]) -> float:
        return await self._wait_all(task_ids, lambda task: task.status in statuses, f"{statuses}")


def task_seconds(logs: Path, variant: str) -> float:
    total = 0.0
    for log in logs.glob(f"{variant}-*.log"):
        total += sum(
            float(x) for x in re.findall(r"\] succeeded in ([0-9.]+)s", log.read_text(errors="replace"))
        )
    return total


async def scenario(env: Env, driver: Driver, k: int, variant: str) -> dict[str, Any]:
    with workers(env, variant) as app:
        await driver.wait([await driver.submit(app, skip_review=True)], DONE)  # warm every worker child
        latencies = Latencies(app)
        idle_review = await driver.wait([await driver.submit(app, skip_review=False)], {"awaiting_review"})
        single = await driver.wait([await driver.submit(app, skip_review=True)], DONE)
        before = task_seconds(env.logs, variant)
        started = time.perf_counter()
        batch = [await driver.submit(app, skip_review=True) for _ in range(k)]
        # every batch roadmap past its workflow: the content queue is full, the workflow queue empty
        await driver.wait_steps(batch, {"content_generation", "done"})
        # one probe: a second one would find the backlog drained on the shared queue
        probe = await driver.submit(app, skip_review=False)
        busy_review = await driver.wait([probe], {"awaiting_review"})
        await driver.wait(batch, DONE)
        makespan = time.perf_counter() - started
        await asyncio.sleep(1.0)
        work = task_seconds(env.logs, variant) - before
        lat = latencies.values_ms()
    return {
        "idle_review": idle_review, "busy_review": busy_review, "single": single,
        "makespan": makespan, "work": work, "latencies": lat,
    }  # fmt: skip


async def every_variant(env: Env, database_url: str, redis_url: str, k: int) -> dict[str, dict[str, Any]]:
    driver = Driver(database_url, redis_url)  # its engine lives in this one loop
    try:
        return {variant: await scenario(env, driver, k, variant) for variant in VARIANTS}
    finally:
        await driver.engine.dispose()


def percentile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--latency-ms", type=float, default=150)
    args = parser.parse_args()
    configure_logging(json_output=False, level="WARNING")
    scenario_config = {"latency_ms": args.latency_ms, "stages": 2, "modules": 2, "concepts": 3}
    with bench_services(scenario_config) as services:
        base = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("WAYMARK_", "CELERY_"))},
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "WAYMARK_ENV": "test",
            "DATABASE_URL": services.database_url,
            "REDIS_URL": services.redis_url,
            "OPENAI_BASE_URL": services.llm_base_url,
            "TAVILY_BASE_URL": services.search_base_url,
            "CELERY_WORKFLOW_CONCURRENCY": str(SLOTS["workflow"]),
            "CELERY_CONTENT_CONCURRENCY": str(SLOTS["content"]),
            "CELERY_LOGS_CONCURRENCY": str(SLOTS["logs"]),
            "CELERY_LOG_LEVEL": "INFO",
            # the simulator has no rate limit: keep the shared LLM limiter out of the measurement
            "WAYMARK_LLM__REQUESTS_PER_MINUTE": "1000000",
            "WAYMARK_LLM__MAX_CONCURRENCY": "64",
        }
        subprocess.run(
            [sys.executable, "-m", "waymark", "migrate"], env=base, check=True, capture_output=True
        )  # noqa: S603
        env = Env(base=base, logs=services.state_dir)
        results = asyncio.run(every_variant(env, services.database_url, services.redis_url, args.k))
        report(args, results)


def report(args: argparse.Namespace, results: dict[str, dict[str, Any]]) -> None:
    # Roadmap work runs on the workflow and content slots; the logs slot only persists events.
    # The shared variant's single worker has every slot, so all of them count there.
    slots_for = dict.fromkeys(VARIANTS, SLOTS["workflow"] + SLOTS["content"])
    slots_for["shared"] = sum(SLOTS.values())
    out(f"Scenario: K={args.k} roadmaps of 12 concepts (3 content types each), LLM latency "
        f"{args.latency_ms:g} ms per call, slots workflow={SLOTS['workflow']} content={SLOTS['content']} "
        f"logs={SLOTS['logs']}; shared variant: one queue, {sum(SLOTS.values())} slots")  # fmt: skip
    for variant, result in results.items():
        name, slots = VARIANTS[variant][0], slots_for[variant]
        bound = max(result["single"], result["work"] / slots)
        lat = result["latencies"]
        out(f"\n[{name}]")
        makespan, single, work = result["makespan"], result["single"], result["work"]
        out(
            f"  (a) makespan {makespan:.2f} s; lower bound max(critical path {single:.2f} s, "
            f"work {work:.2f} s / {slots} slots) = {bound:.2f} s; "
            f"ratio {makespan / bound:.2f}x  (target <= 1.25x)"
        )
        out(f"  (b) time to review: idle {result['idle_review']:.2f} s, content saturated "
            f"{result['busy_review']:.2f} s; ratio {result['busy_review'] / result['idle_review']:.2f}x"
            "  (target <= 1.1x with three queues)")  # fmt: skip
        out(
            f"  (c) enqueue -> start over {len(lat)} tasks: p50 {percentile(lat, 50):.1f} ms, "
            f"p99 {percentile(lat, 99):.1f} ms"
        )
    shared = results["shared"]["makespan"]
    ratios = [f"{VARIANTS[v][0]} {results[v]['makespan'] / shared:.2f}x" for v in results if v != "shared"]
    out("\nmakespan ÷ the shared queue's: " + ", ".join(ratios))


if __name__ == "__main__":
    main()
