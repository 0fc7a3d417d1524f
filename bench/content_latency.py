"""Content latency: how close one roadmap's content phase comes to what the network allows,
with one content service process at its default settings (issue 19).

    .venv/bin/python bench/content_latency.py [--latency-ms 2000 10000] [--concepts 48] [--json]

For each LLM latency: the real services through the entrypoint (embedded PostgreSQL and
Redis, the simulators at that fixed latency per call, no faults), one learner, one roadmap
of ``--concepts`` concepts (4 stages x 3 modules x 4 concepts by default) created through
the API with ``skip_review``. It prints:

- the content phase's wall time (from the task's step turning to content generation to
  the task's end) against its bound, max(the longest chain of calls for one concept,
  calls x latency / in-flight cap): a concept's three units run at once, one call each;
- the LLM calls in flight over time, sampled from the simulator every 0.25 s;
- the content service's resident memory (its process tree) at rest and at its peak, and its
  CPU over the phase beside the machine's load average (on a shared machine, a busy CPU
  and not the slots can be what holds the units back).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import httpx  # noqa: E402
import psycopg  # noqa: E402
from procstat import tree_cpu_seconds, tree_rss_mb  # noqa: E402
from soak_stack import SoakShape, SoakStack  # noqa: E402

from waymark.logging import configure_logging  # noqa: E402
from waymark.settings import load_settings, to_psycopg_url  # noqa: E402

CONTENT_ROLES = ("tutorial", "resources", "quiz")
SAMPLE_S = 0.25
CHAIN_CALLS = 1  # a concept's units run at once and none needs another's output: one call deep


@dataclass
class Run:
    latency_ms: float
    concepts: int
    in_flight_cap: int
    content_calls: int
    content_s: float
    bound_s: float
    ratio: float
    max_in_flight: int
    rss_rest_mb: float
    rss_peak_mb: float
    status: str
    content_cpu_s: float  # the content service's CPU over the phase
    load_average: float  # the machine's 1-minute load average at the end (2 cores here)
    timeline: list[tuple[float, int]] = field(default_factory=list)  # (seconds into the phase, calls)


def _shape(concepts: int) -> dict[str, int]:
    if concepts == 48:
        return {"stages": 4, "modules": 3, "concepts": 4}
    return {"stages": 1, "modules": 1, "concepts": concepts}


def _task_state(psycopg_url: str, task_id: str) -> tuple[str, str]:
    with psycopg.connect(psycopg_url) as db:
        row = db.execute("SELECT status, current_step FROM tasks WHERE id = %s", (task_id,)).fetchone()
    return (str(row[0]), str(row[1])) if row else ("missing", "")


def _sim_stats(stack: SoakStack) -> dict[str, object]:
    return dict(httpx.get(f"{stack.llm_admin}/stats", timeout=5).json())


async def _create_roadmap(api_url: str) -> str:
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as http:
        body = {"email": f"latency-{random.randrange(10**9)}@example.com", "password": "latency password"}  # noqa: S311
        (await http.post("/api/v1/auth/register", json=body)).raise_for_status()
        token = (await http.post("/api/v1/auth/login", json=body)).json()["access_token"]
        created = await http.post(
            "/api/v1/tasks",
            json={"goal": "Learn Rust for embedded work", "preferences": {"skip_review": True}},
            headers={"Authorization": f"Bearer {token}"},
        )
        created.raise_for_status()
        return str(created.json()["task_id"])


def measure(latency_ms: float, concepts: int) -> Run:
    # the platform's default leases, timeouts and caps (the soak's short ones are for chaos)
    shape = SoakShape(
        variant="waymark",
        slots={"workflow": 2, "content": load_settings(env="test").celery.content_concurrency, "logs": 1},
        lease_s=60.0,
        content_lease_s=90.0,
        idle_grace_s=60.0,
        reap_interval_s=15.0,
        llm_timeout_s=max(120.0, 3 * latency_ms / 1000),
    )
    cap = load_settings(env="test").celery.content_in_flight
    with tempfile.TemporaryDirectory(prefix="content-latency-") as state:
        stack = SoakStack(shape, Path(state), random.Random(1))
        try:
            stack.start({"latency_ms": latency_ms, **_shape(concepts)})
            content = stack.processes["content"].pid
            time.sleep(3)
            rest = tree_rss_mb(content)
            psycopg_url = to_psycopg_url(stack.env["DATABASE_URL"])
            task_id = asyncio.run(_create_roadmap(stack.api_url))
            peak, started, timeline, status, cpu_at_start = rest, None, [], "running", 0.0
            deadline = time.monotonic() + 60 + 20 * concepts * latency_ms / 1000
            while time.monotonic() < deadline:
                status, step = _task_state(psycopg_url, task_id)
                now = time.monotonic()
                if started is None and step.startswith("content_generation"):
                    started, cpu_at_start = now, tree_cpu_seconds(content)
                if started is not None:
                    in_flight = int(_sim_stats(stack)["in_flight"])  # type: ignore[call-overload]
                    timeline.append((round(now - started, 2), in_flight))
                    peak = max(peak, tree_rss_mb(content))
                if status not in ("queued", "running"):
                    break
                time.sleep(SAMPLE_S)
            ended = time.monotonic()
            cpu = tree_cpu_seconds(content) - cpu_at_start
            load = os.getloadavg()[0]
            stats = _sim_stats(stack)
        finally:
            stack.stop_all()
    calls_by_role: dict[str, int] = stats["calls"]  # type: ignore[assignment]
    calls = sum(calls_by_role.get(role, 0) for role in CONTENT_ROLES)
    content_s = ended - (started or ended)
    latency_s = latency_ms / 1000
    bound = max(CHAIN_CALLS * latency_s, calls * latency_s / cap)
    return Run(
        latency_ms=latency_ms,
        concepts=concepts,
        in_flight_cap=cap,
        content_calls=calls,
        content_s=round(content_s, 1),
        bound_s=round(bound, 1),
        ratio=round(content_s / bound, 2) if bound else 0.0,
        max_in_flight=int(stats["max_in_flight"]),  # type: ignore[call-overload]
        rss_rest_mb=round(rest, 1),
        rss_peak_mb=round(peak, 1),
        status=status,
        content_cpu_s=round(cpu, 1),
        load_average=round(load, 1),
        timeline=timeline,
    )


def _timeline(run: Run, every_s: float) -> str:
    """Calls in flight, the highest of each ``every_s`` window."""
    windows: dict[int, int] = {}
    for at, calls in run.timeline:
        key = int(at // every_s)
        windows[key] = max(windows.get(key, 0), calls)
    return " ".join(f"{k * every_s:g}s:{v}" for k, v in sorted(windows.items()))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[2000.0])
    parser.add_argument("--concepts", type=int, default=48)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    configure_logging(json_output=False, level="WARNING")
    runs = [measure(latency, args.concepts) for latency in args.latency_ms]
    if args.json:
        sys.stdout.write(json.dumps([asdict(run) for run in runs], indent=2) + "\n")
        return 0
    lines = [f"Content phase of one {args.concepts}-concept roadmap, one content process, default settings"]
    lines.append(
        f"{'LLM latency':>11} {'calls':>6} {'cap':>4} {'content s':>9} {'bound s':>8} {'ratio':>6} "
        f"{'max in flight':>13} {'RSS rest->peak MiB':>19} {'CPU s':>6} {'load':>5} status"
    )
    for run in runs:
        lines.append(
            f"{run.latency_ms / 1000:>10g}s {run.content_calls:>6} {run.in_flight_cap:>4} {run.content_s:>9} "
            f"{run.bound_s:>8} {run.ratio:>5}x {run.max_in_flight:>13} "
            f"{run.rss_rest_mb:>8.0f} -> {run.rss_peak_mb:<7.0f} {run.content_cpu_s:>6} "
            f"{run.load_average:>5} {run.status}"
        )
    for run in runs:
        every = max(1.0, run.latency_ms / 1000 / 2)
        lines.append(f"\nLLM calls in flight at {run.latency_ms / 1000:g} s/call (highest per {every:g} s):")
        lines.append(_timeline(run, every))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
