"""What every benchmark needs: PostgreSQL and Redis (embedded unless DATABASE_URL /
REDIS_URL are set) and the simulators in their own process, configured once."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

BACKEND = Path(__file__).resolve().parents[1] / "backend"
sys.path.insert(0, str(BACKEND))

from waymark.local import EmbeddedPostgres, EmbeddedRedis  # noqa: E402
from waymark.threaded_server import free_port  # noqa: E402


@dataclass(frozen=True)
class BenchServices:
    state_dir: Path
    database_url: str
    redis_url: str
    llm_base_url: str
    search_base_url: str


@contextmanager
def bench_services(sim_config: dict[str, Any], env: dict[str, str] | None = None) -> Iterator[BenchServices]:
    with tempfile.TemporaryDirectory() as state_dir:
        state = Path(state_dir)
        postgres, redis_server = EmbeddedPostgres(state), EmbeddedRedis(state)
        database_url = os.environ.get("DATABASE_URL") or postgres.start()
        redis_url = os.environ.get("REDIS_URL") or redis_server.start()
        llm_port, search_port = free_port(), free_port()
        sim = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "waymark",
                "sim",
                "--llm-port",
                str(llm_port),
                "--search-port",
                str(search_port),
            ],
            env={**os.environ, "PYTHONPATH": str(BACKEND), **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _configure_simulator(f"http://127.0.0.1:{llm_port}/_sim/config", sim_config)
            yield BenchServices(
                state_dir=state,
                database_url=database_url,
                redis_url=redis_url,
                llm_base_url=f"http://127.0.0.1:{llm_port}/v1",
                search_base_url=f"http://127.0.0.1:{search_port}",
            )
        finally:
            sim.terminate()
            sim.wait(timeout=10)
            redis_server.stop()
            postgres.stop()


def _configure_simulator(url: str, config: dict[str, Any]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.post(url, json=config, timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"the simulator at {url} did not answer")
