"""The chaos soak of bench/chaos_soak.py, short: a few roadmaps while workers are SIGKILLed,
Redis is restarted and flushed, PostgreSQL is restarted and beat is stopped. Waymark's oracle
must be all green: every task terminal, one content row per concept and type, every unit
settled, attempts within the caps, no expired lease, no streamed event lost."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[4] / "bench"
sys.path.insert(0, str(BENCH))

from chaos_soak import Chaos, Workload, run_variant  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def test_a_short_soak_under_chaos_keeps_every_promise(tmp_path: Path) -> None:
    workload = Workload(roadmaps=4, concepts=3)  # 4 roadmaps x 24 concepts x 3 content types
    chaos = Chaos(window_s=40, kill_every_s=5, beat_pause_s=12, drain_limit_s=300)
    run = asyncio.run(run_variant("waymark", workload, chaos, seed=7, keep_logs=tmp_path))
    failed = [name for name, ok in run.checks.items() if not ok]
    assert not failed, f"{failed}: {run.oracle} (chaos: {run.events}; logs in {tmp_path})"
    assert run.kills >= 3 and {"redis restart", "flushall", "postgres restart", "beat stop"} <= {
        event for _, event in run.events
    }  # the chaos did happen
    assert run.oracle["completed"] + run.oracle["partial"] == workload.roadmaps
