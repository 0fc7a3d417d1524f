"""What every benchmark needs: PostgreSQL and Redis (embedded unless DATABASE_URL /
REDIS_URL are set) and the simulators in their own process, configured once."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg

BACKEND = Path(__file__).resolve().parents[1] / "backend"
sys.path.insert(0, str(BACKEND))

from waymark.local import EmbeddedPostgres, EmbeddedRedis  # noqa: E402
from waymark.settings import to_psycopg_url  # noqa: E402
from waymark.threaded_server import free_port  # noqa: E402


@dataclass(frozen=True)
class BenchServices:
    state_dir: Path
    database_url: str
    redis_url: str
    llm_base_url: str
    search_base_url: str


@dataclass(frozen=True)
class Stores:
    state_dir: Path
    database_url: str
    redis_url: str
    postgres: EmbeddedPostgres | None  # None when DATABASE_URL points elsewhere
    redis: EmbeddedRedis | None  # None when REDIS_URL points elsewhere


@contextmanager
def bench_stores() -> Iterator[Stores]:
    """PostgreSQL and Redis only: DATABASE_URL / REDIS_URL, else embedded in a temp directory."""
    with tempfile.TemporaryDirectory() as state_dir:
        state = Path(state_dir)
        postgres, redis_server = EmbeddedPostgres(state), EmbeddedRedis(state)
        try:
            external_db, external_redis = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
            yield Stores(
                state_dir=state,
                database_url=external_db or postgres.start(),
                redis_url=external_redis or redis_server.start(),
                postgres=None if external_db else postgres,
                redis=None if external_redis else redis_server,
            )
        finally:
            redis_server.stop()
            postgres.stop()


@contextmanager
def bench_services(sim_config: dict[str, Any], env: dict[str, str] | None = None) -> Iterator[BenchServices]:
    with bench_stores() as stores:
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
                state_dir=stores.state_dir,
                database_url=stores.database_url,
                redis_url=stores.redis_url,
                llm_base_url=f"http://127.0.0.1:{llm_port}/v1",
                search_base_url=f"http://127.0.0.1:{search_port}",
            )
        finally:
            sim.terminate()
            sim.wait(timeout=10)


def _configure_simulator(url: str, config: dict[str, Any]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.post(url, json=config, timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"the simulator at {url} did not answer")


@contextmanager
def fresh_database(admin_url: str, prefix: str = "waymark_bench") -> Iterator[str]:
    """An empty database on the admin URL's server, dropped on exit."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(to_psycopg_url(admin_url), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base, _, query = admin_url.partition("?")
    try:
        yield f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    finally:
        with psycopg.connect(to_psycopg_url(admin_url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
