"""Chaos soak: roadmaps by several users while workers are SIGKILLed, Redis is restarted and
flushed, PostgreSQL is restarted and beat is stopped — first on Waymark's durability (late
acks, leases, fencing, the reaper), then, in a second run with the same seed, as most
Celery deployments run (early acks, the default visibility timeout, no leases, no reaper).

    .venv/bin/python bench/chaos_soak.py --seed 1 [--roadmaps 30] [--variants waymark,stock] [--json]
    .venv/bin/python bench/chaos_soak.py --seed 1 --slow-work

``--slow-work``: the work takes time. LLM calls last 3–8 s, longer than a lease renewal
(leases of 9 s, renewed every 3 s), on 8 roadmaps of 8 concepts, and PostgreSQL (twice)
and Redis (once) restart while units are being written; no worker is killed and no fault
injected, so every extra call is one the platform paid twice. Two more figures: paid units
lost to a storage error (0), and LLM calls ÷ the minimum (≤ 1.05).

The simulators answer at scaled, realistic latencies with 5% injected faults (429 with
Retry-After, 500, timeouts, malformed JSON). Printed at the end: the oracle of each run
(every task terminal, one content row per concept and type, attempts within the caps, no
expired lease, no streamed event missing from execution_logs), lost and stuck tasks, work
paid twice, the drain time after the chaos stopped against its bound, LLM calls made ÷ the
minimum, and makespan ÷ the work-span lower bound. Exit status 1 if Waymark's oracle fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import httpx  # noqa: E402
from soak_oracle import read_oracle  # noqa: E402
from soak_progress import ProgressSampler, recovery_times  # noqa: E402
from soak_stack import SoakShape, SoakStack  # noqa: E402

from waymark.logging import configure_logging  # noqa: E402
from waymark.settings import to_psycopg_url  # noqa: E402

TERMINAL = {"completed", "partial_failure", "failed", "cancelled"}
TYPES = 3


@dataclass(frozen=True)
class Workload:
    roadmaps: int = 30
    stages: int = 4
    modules: int = 2
    concepts: int = 5  # per module: 4 × 2 × 5 = 40 concepts per roadmap
    latency_ms: float = 120.0  # per LLM call (a 10-30 s real call, scaled down ~100x)
    fault_rate: float = 0.05
    latency_per_token_ms: float = 0.0
    slots: tuple[tuple[str, int], ...] = (("workflow", 2), ("content", 4), ("logs", 1))

    @property
    def per_user(self) -> int:
        return 3  # the active-task cap

    @property
    def concepts_per_roadmap(self) -> int:
        return self.stages * self.modules * self.concepts


BREAKS = (("beat stop", 0.1, 0.2), ("redis restart", 0.15, 0.3), ("flushall", 0.45, 0.6),
          ("postgres restart", 0.65, 0.8))  # fmt: skip
# While units are being written (the plans take the first seconds of the window).
SLOW_WORK_BREAKS = (("redis restart", 0.3, 0.4), ("postgres restart", 0.45, 0.55),
                    ("postgres restart", 0.7, 0.8))  # fmt: skip


@dataclass(frozen=True)
class Chaos:
    window_s: float = 100.0  # chaos runs this long after the first submission
    kill_every_s: float = 4.0
    beat_pause_s: float = 60.0
    drain_limit_s: float = 600.0  # the run is judged after this long past the chaos
    breaks: tuple[tuple[str, float, float], ...] = BREAKS  # (event, earliest, latest) × window


def slow_work(workload: Workload, chaos: Chaos) -> tuple[Workload, Chaos, SoakShape]:
    """The --slow-work mode: calls of 3–8 s outlive the lease renewal; storage restarts only."""
    workload = replace(workload, roadmaps=8, stages=2, modules=2, concepts=2, latency_ms=3000.0,
                       latency_per_token_ms=6.0, fault_rate=0.0)  # fmt: skip
    chaos = replace(chaos, kill_every_s=float("inf"), breaks=SLOW_WORK_BREAKS)
    shape = SoakShape(variant="waymark", slots=dict(workload.slots), lease_s=9.0, content_lease_s=9.0,
                      idle_grace_s=8.0, reap_interval_s=2.0, llm_timeout_s=30.0)  # fmt: skip
    return workload, chaos, shape


@dataclass
class RunFigures:
    variant: str
    makespan_s: float
    drain_s: float | None
    drain_bound_s: float  # recovery bound + the backlog's LLM time at the end of the chaos
    backlog_units: int  # content units not settled when the chaos stopped
    llm_calls: int
    llm_minimum: int
    work_span_bound_s: float
    kills: int
    storage_losses: int  # units failed by a storage error after they were paid for
    recovery: dict[str, tuple[float | None, float | None]]  # break → (platform, every task) s
    oracle: dict[str, Any]
    checks: dict[str, bool]
    events: list[tuple[float, str]]


def sim_config(workload: Workload) -> dict[str, Any]:
    share = workload.fault_rate / 4
    return {
        "latency_ms": workload.latency_ms,
        "latency_per_token_ms": workload.latency_per_token_ms,
        "fault_rates": {"429": share, "500": share, "hang": share, "malformed": share},
        "retry_after_s": 0.2,
        "hang_s": 12,
        "stages": workload.stages,
        "modules": workload.modules,
        "concepts": workload.concepts,
    }


class Driver:
    """Several learners over the public API; half of the roadmaps are reviewed and approved."""

    def __init__(self, api_url: str, workload: Workload, rng: random.Random) -> None:
        self.http = httpx.AsyncClient(base_url=api_url, timeout=30)
        self.workload, self.rng = workload, rng
        self.tokens: list[dict[str, str]] = []
        self.tasks: dict[str, dict[str, str]] = {}  # task id -> headers of its owner

    async def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response | None:
        """The API may be briefly unavailable while PostgreSQL restarts: retry, never give up."""
        for _ in range(120):
            try:
                response = await self.http.request(method, path, **kwargs)
            except httpx.HTTPError:
                response = None
            if response is not None and response.status_code < 500:
                return response
            await asyncio.sleep(0.5)
        return None

    async def submit_all(self) -> None:
        users = -(-self.workload.roadmaps // self.workload.per_user)
        for number in range(users):
            body = {
                "email": f"soak-{number}-{self.rng.randrange(10**9)}@example.com",
                "password": "soak password",
            }
            await self.call("POST", "/api/v1/auth/register", json=body)
            login = await self.call("POST", "/api/v1/auth/login", json=body)
            if login is None or login.status_code != 200:
                raise RuntimeError(f"soak user {number} could not log in")
            self.tokens.append({"Authorization": f"Bearer {login.json()['access_token']}"})
        for number in range(self.workload.roadmaps):
            headers = self.tokens[number % users]
            body = {"goal": f"Learn Rust for embedded work, part {number}",
                    "preferences": {"weekly_hours": 40, "skip_review": number % 2 == 0}}  # fmt: skip
            created = await self.call("POST", "/api/v1/tasks", json=body, headers=headers)
            if created is None or created.status_code != 202:
                raise RuntimeError(f"roadmap {number} was not accepted: {created and created.text}")
            self.tasks[created.json()["task_id"]] = headers

    async def statuses(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for headers in self.tokens:
            page = await self.call("GET", "/api/v1/tasks", params={"limit": 100}, headers=headers)
            if page is not None and page.status_code == 200:
                found |= {item["id"]: item["status"] for item in page.json()["items"]}
        return found

    async def approve_waiting(self, statuses: dict[str, str]) -> None:
        for task_id, status in statuses.items():
            if status == "awaiting_review":
                await self.call("POST", f"/api/v1/tasks/{task_id}/review", json={"decision": "approve"},
                                headers=self.tasks[task_id])  # fmt: skip


async def chaos_loop(stack: SoakStack, chaos: Chaos, started: float, stop: asyncio.Event) -> int:
    """Kills every few seconds; Redis restarted once and flushed once; PostgreSQL restarted once;
    beat stopped for a minute. Times are drawn from the run's seed."""
    rng, window = stack.rng, chaos.window_s
    plan = sorted((rng.uniform(low, high) * window, event) for event, low, high in chaos.breaks)
    kills, next_kill, beat_back = 0, chaos.kill_every_s, None
    while not stop.is_set() and (elapsed := time.monotonic() - started) < window:
        if plan and elapsed >= plan[0][0]:
            _, event = plan.pop(0)
            await asyncio.to_thread(_break, stack, event)
            stack.note(started, event)
            if event == "beat stop":
                beat_back = elapsed + chaos.beat_pause_s
        if beat_back is not None and elapsed >= beat_back:
            stack.start_service("beat")
            stack.note(started, "beat started again")
            beat_back = None
        if elapsed >= next_kill:
            await asyncio.to_thread(stack.kill_random_worker, started)
            kills, next_kill = kills + 1, elapsed + chaos.kill_every_s * rng.uniform(0.5, 1.5)
        await asyncio.sleep(0.2)
    if beat_back is not None:
        stack.start_service("beat")
        stack.note(started, "beat started again")
    return kills


def _break(stack: SoakStack, event: str) -> None:
    if event == "redis restart":
        stack.redis.stop()
        time.sleep(2)
        stack.redis.start()
    elif event == "flushall":
        import redis

        redis.Redis.from_url(stack.env["REDIS_URL"]).flushall()
    elif event == "postgres restart":
        stack.postgres.stop()
        time.sleep(2)
        stack.postgres.start()
    elif event == "beat stop":
        stack.stop_service("beat")


def _unsettled_units(stack: SoakStack, workload: Workload) -> int:
    import psycopg

    expected = workload.roadmaps * workload.concepts_per_roadmap * TYPES
    with psycopg.connect(to_psycopg_url(stack.env["DATABASE_URL"])) as db:
        row = db.execute(
            "SELECT count(*) FROM concept_contents WHERE status IN ('completed', 'failed')"
        ).fetchone()
    return expected - int(row[0] if row else 0)


STORAGE_ERRORS = ("OperationalError", "InterfaceError", "ConnectionRefused", "ConnectionError",
                  "FileNotFoundError", "could not store", "TimeoutError", "asyncpg")  # fmt: skip


def _storage_losses(stack: SoakStack) -> int:
    """Units that failed with a storage error: output paid for, then thrown away."""
    import psycopg

    with psycopg.connect(to_psycopg_url(stack.env["DATABASE_URL"])) as db:
        errors = db.execute("SELECT error FROM concept_contents WHERE status = 'failed'").fetchall()
    return sum(1 for (error,) in errors if any(mark in (error or "") for mark in STORAGE_ERRORS))


def call_with_faults_s(workload: Workload, shape: SoakShape) -> float:
    """The longest an LLM call takes on average with the injected faults: a hang waits out
    the client's timeout, then backs off (at most 0.5 s) and calls again; a 500 or a 429
    (Retry-After 0.2 s) backs off and calls again; malformed output is asked for again."""
    call_s, share = workload.latency_ms / 1000, workload.fault_rate / 4
    return call_s + share * ((shape.llm_timeout_s + 0.5 + call_s) + 2 * (0.5 + call_s) + call_s)


def bounds(workload: Workload, shape: SoakShape) -> tuple[int, float, float]:
    """(minimum LLM calls, work-span lower bound in s, recovery bound in s)."""
    calls_per_roadmap = 3 + workload.concepts_per_roadmap * TYPES
    minimum = workload.roadmaps * calls_per_roadmap
    call_s = workload.latency_ms / 1000
    slots = shape.slots["workflow"] + shape.slots["content"]
    work_s = minimum * call_s
    critical_s = (3 + TYPES) * call_s  # the graph's three calls, then one concept's three units
    recovery_s = 3 * (shape.content_lease_s + shape.reap_interval_s + shape.idle_grace_s) + 60
    return minimum, max(critical_s, work_s / slots), recovery_s


async def run_variant(
    variant: str,
    workload: Workload,
    chaos: Chaos,
    seed: int,
    keep_logs: Path | None,
    shape: SoakShape | None = None,
) -> RunFigures:
    shape = shape or SoakShape(variant=variant, slots=dict(workload.slots))
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix=f"soak-{variant}-") as state:
        stack = SoakStack(shape, Path(state), rng)
        try:
            await asyncio.to_thread(stack.start, sim_config(workload))
            return await _soak(stack, workload, chaos, rng)
        finally:
            stack.stop_all()
            if keep_logs is not None:
                shutil.copytree(state, keep_logs / variant, dirs_exist_ok=True, ignore=_not_logs)


def _not_logs(directory: str, names: list[str]) -> list[str]:
    return [name for name in names if not name.endswith(".log")]


async def _soak(stack: SoakStack, workload: Workload, chaos: Chaos, rng: random.Random) -> RunFigures:
    driver = Driver(stack.api_url, workload, rng)
    started = time.monotonic()
    sampler = ProgressSampler(to_psycopg_url(stack.env["DATABASE_URL"]), started)
    stop = asyncio.Event()
    chaos_task = asyncio.create_task(chaos_loop(stack, chaos, started, stop))
    await driver.submit_all()
    chaos_over = all_done = None
    backlog = 0
    while True:
        statuses = await driver.statuses()
        await driver.approve_waiting(statuses)
        now = time.monotonic() - started
        if chaos_over is None and chaos_task.done():
            chaos_over = now
            backlog = await asyncio.to_thread(_unsettled_units, stack, workload)
        finished = len(statuses) == workload.roadmaps and set(statuses.values()) <= TERMINAL
        if finished and all_done is None:
            all_done = now
        if not finished:
            all_done = None  # a retried or recovered task is at work again
        if all_done is not None and chaos_over is not None:
            break  # the whole chaos plan runs, even when the work ended first
        if chaos_over is not None and now - chaos_over > chaos.drain_limit_s:
            break
        await asyncio.sleep(1)
    stop.set()
    kills = await chaos_task
    await asyncio.sleep(3)  # the logs queue persists the last event batches
    sampler.stop()
    minimum, work_bound, recovery = bounds(workload, stack.shape)
    stats = (await driver.http.get(f"{stack.llm_admin}/stats")).json()
    oracle = read_oracle(to_psycopg_url(stack.env["DATABASE_URL"]), stack.env["REDIS_URL"], TYPES)
    await driver.http.aclose()
    return RunFigures(
        variant=stack.shape.variant,
        makespan_s=round(all_done if all_done is not None else time.monotonic() - started, 1),
        drain_s=None if all_done is None or chaos_over is None else round(max(0.0, all_done - chaos_over), 1),
        drain_bound_s=round(
            recovery + backlog * call_with_faults_s(workload, stack.shape) / stack.shape.slots["content"], 1
        ),
        backlog_units=backlog,
        llm_calls=int(stats["total_calls"]),
        llm_minimum=minimum,
        work_span_bound_s=round(work_bound, 1),
        kills=kills,
        storage_losses=await asyncio.to_thread(_storage_losses, stack),
        recovery=recovery_times(sampler, stack.log),
        oracle=asdict(oracle),
        checks=oracle.checks(task_cap=5, unit_cap=3),
        events=stack.log,
    )


def report(runs: list[RunFigures], seed: int) -> str:
    lines = [f"Chaos soak, seed {seed}"]
    for run in runs:
        o = run.oracle
        breaks = ", ".join(event for _, event in run.events if "kill" not in event)
        drain = "never" if run.drain_s is None else f"{run.drain_s} s"
        lines += [
            "",
            f"== {run.variant} ({run.kills} worker kills; {breaks})",
            f"tasks: {o['tasks']} · completed {o['completed']} · partial {o['partial']} · "
            f"failed {o['failed']} · stuck (not terminal) {len(o['stuck'])}",
            f"content units: {o['units']} called for · {o['units_settled']} settled · "
            f"{o['cells_missing']} missing · {o['cells_with_duplicates']} duplicated rows · "
            f"{o['units_paid_twice']} paid for more than once",
            f"drain after the chaos: {drain} for a backlog of {run.backlog_units} units "
            f"(bound {run.drain_bound_s:.0f} s: recovery + the backlog's LLM time, faults included, "
            "on the content slots)",
            f"LLM calls: {run.llm_calls} for a minimum of {run.llm_minimum} = "
            f"{run.llm_calls / run.llm_minimum:.3f}x",
            f"paid units lost to a storage error: {run.storage_losses}",
            f"makespan: {run.makespan_s} s / work-span bound {run.work_span_bound_s} s = "
            f"{run.makespan_s / run.work_span_bound_s:.2f}x",
        ]
        lines += [
            f"after {event}: platform moving again in {_seconds(first)}, every task in {_seconds(every)}"
            for event, (first, every) in run.recovery.items()
        ]
        lines += [f"  [{'ok' if ok else 'FAIL'}] {name}" for name, ok in run.checks.items()]
    return "\n".join(lines)


def _seconds(value: float | None) -> str:
    return "never" if value is None else f"{value:.1f} s"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--roadmaps", type=int, default=30)
    parser.add_argument("--concepts", type=int, default=5, help="per module (4 stages x 2 modules)")
    parser.add_argument("--window", type=float, default=100.0, help="seconds of chaos")
    parser.add_argument("--kill-every", type=float, default=4.0)
    parser.add_argument("--beat-pause", type=float, default=60.0)
    parser.add_argument("--drain-limit", type=float, default=600.0)
    parser.add_argument("--variants", default="waymark,stock")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--logs", type=Path, help="keep each service's log here")
    parser.add_argument("--slow-work", action="store_true", help="calls of 3-8 s, storage restarts only")
    args = parser.parse_args()
    configure_logging(json_output=False, level="WARNING")
    workload = Workload(roadmaps=args.roadmaps, concepts=args.concepts)
    chaos = Chaos(args.window, args.kill_every, args.beat_pause, args.drain_limit)
    shape = None
    if args.slow_work:
        workload, chaos, shape = slow_work(workload, chaos)
    variants = ["waymark"] if args.slow_work else args.variants.split(",")
    runs = [asyncio.run(run_variant(v, workload, chaos, args.seed, args.logs, shape)) for v in variants]
    if args.slow_work:
        for run in runs:
            run.checks["no paid unit lost to a storage error"] = run.storage_losses == 0
            run.checks["LLM calls within 1.05x the minimum"] = run.llm_calls <= 1.05 * run.llm_minimum
    sys.stdout.write(
        (json.dumps([asdict(r) for r in runs], indent=2) if args.json else report(runs, args.seed)) + "\n"
    )
    waymark = next((r for r in runs if r.variant == "waymark"), None)
    return 0 if waymark is None or all(waymark.checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
