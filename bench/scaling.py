"""Scaling: content throughput with 1, 2 and 4 content worker processes, and with two separate
``celery_content`` services (a second host, simulated by a second service beside the
first), plus each queue's resident memory at rest and under load.

    .venv/bin/python bench/scaling.py [--roadmaps 6] [--latency-ms 120] [--json]

Real worker processes (through the entrypoint; the second service with the same command
under another node name), embedded PostgreSQL and Redis, the simulators at a fixed
latency per LLM call and no faults. Throughput counts content units (one concept's
tutorial, resources or quiz) settled per second between the first and the last.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import httpx  # noqa: E402
import psycopg  # noqa: E402
from procstat import tree_rss_mb  # noqa: E402
from soak_stack import QUEUES, SoakShape, SoakStack  # noqa: E402

from waymark.logging import configure_logging  # noqa: E402
from waymark.settings import to_psycopg_url  # noqa: E402

# (label, processes of the first content service, processes of a second one or 0)
LAYOUTS = (("1 process", 1, 0), ("2 processes", 2, 0), ("4 processes", 4, 0), ("2 services x 2", 2, 2))


@dataclass
class Layout:
    label: str
    units: int
    seconds: float
    units_per_s: float
    rss_rest_mb: dict[str, float]
    rss_peak_mb: dict[str, float]


def _settled(psycopg_url: str) -> int:
    with psycopg.connect(psycopg_url) as db:
        row = db.execute(
            "SELECT count(*) FROM concept_contents WHERE status IN ('completed', 'failed')"
        ).fetchone()
    return int(row[0]) if row else 0


def _rss(stack: SoakStack) -> dict[str, float]:
    return {
        name: round(tree_rss_mb(p.pid), 1)
        for name, p in stack.processes.items()
        if name in (*QUEUES, "content2")
    }


async def submit(api_url: str, roadmaps: int) -> None:
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as http:
        for user in range(-(-roadmaps // 3)):
            body = {
                "email": f"scale-{user}-{random.randrange(10**9)}@example.com",
                "password": "scale password",
            }  # noqa: S311
            await http.post("/api/v1/auth/register", json=body)
            token = (await http.post("/api/v1/auth/login", json=body)).json()["access_token"]
            for number in range(min(3, roadmaps - 3 * user)):
                created = await http.post(
                    "/api/v1/tasks",
                    json={"goal": f"Learn Rust, part {user}-{number}", "preferences": {"skip_review": True}},
                    headers={"Authorization": f"Bearer {token}"},
                )
                created.raise_for_status()


def measure(label: str, first: int, second: int, roadmaps: int, latency_ms: float) -> Layout:
    shape = SoakShape(variant="waymark", slots={"workflow": 2, "content": first, "logs": 1})
    sim = {"latency_ms": latency_ms, "stages": 4, "modules": 2, "concepts": 3}
    with tempfile.TemporaryDirectory(prefix="scaling-") as state:
        stack = SoakStack(shape, Path(state), random.Random(1))
        try:
            stack.start(sim)
            if second:
                stack.start_named_worker("content2", QUEUES["content"], second)
            time.sleep(3)
            rest = _rss(stack)
            psycopg_url = to_psycopg_url(stack.env["DATABASE_URL"])
            expected = roadmaps * 4 * 2 * 3 * 3
            asyncio.run(submit(stack.api_url, roadmaps))
            peak, started, settled = dict(rest), None, 0
            deadline = time.monotonic() + 1200
            while settled < expected and time.monotonic() < deadline:
                time.sleep(0.5)
                settled = _settled(psycopg_url)
                if settled and started is None:
                    started = time.monotonic()
                peak = {name: max(peak.get(name, 0.0), mb) for name, mb in _rss(stack).items()}
            seconds = time.monotonic() - (started or time.monotonic())
            return Layout(label, settled, round(seconds, 1), round(settled / seconds, 2) if seconds else 0.0,
                          rest, peak)  # fmt: skip
        finally:
            stack.stop_all()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--roadmaps", type=int, default=6)
    parser.add_argument("--latency-ms", type=float, default=120)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    configure_logging(json_output=False, level="WARNING")
    layouts = [measure(label, a, b, args.roadmaps, args.latency_ms) for label, a, b in LAYOUTS]
    if args.json:
        sys.stdout.write(json.dumps([asdict(layout) for layout in layouts], indent=2) + "\n")
        return 0
    base = layouts[0].units_per_s
    header = (
        f"Content throughput: {args.roadmaps} roadmaps x 24 concepts x 3 types, LLM {args.latency_ms:g} ms"
    )
    lines = [header, f"{'layout':<16} {'units':>6} {'seconds':>8} {'units/s':>8} {'speed-up':>8}"]
    lines += [
        f"{x.label:<16} {x.units:>6} {x.seconds:>8} {x.units_per_s:>8} {x.units_per_s / base:>7.2f}x"
        for x in layouts
    ]
    lines += ["", "Resident memory per service (MiB, the process tree), at rest -> peak under load"]
    for x in layouts:
        memory = ", ".join(
            f"{name} {x.rss_rest_mb[name]:.0f} -> {x.rss_peak_mb[name]:.0f}" for name in x.rss_rest_mb
        )
        lines.append(f"{x.label:<16} {memory}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
