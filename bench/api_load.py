"""API load: GET /api/v1/tasks/{id} and POST /api/v1/tasks on one uvicorn worker, beside a
bare FastAPI endpoint (one uvicorn worker too) measured in the same run.

    .venv/bin/python bench/api_load.py [--rate-get 200] [--rate-post 100] [--duration 20] [--json]

Open loop: requests leave at a fixed rate whatever the server does, and latency runs
from each request's scheduled send time. Closed loop: 16 connections, each sending as
soon as its last answer arrives, for the maximum throughput. No worker runs, so created
tasks stay queued (their Celery messages wait in Redis); the per-user limits are raised
out of the way and POSTs rotate over enough users to stay under the active-task cap.
Uses DATABASE_URL / REDIS_URL when set (a fresh database is created and dropped; the
messages stay in that Redis), else embedded servers in a temp directory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import secrets
import signal
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import httpx  # noqa: E402
from api_load_report import Row, render_json, render_table  # noqa: E402
from loadgen import Pool, RequestFactory, closed_loop, encode_request, open_loop  # noqa: E402
from procstat import CpuMeter, pid_from_file  # noqa: E402
from servers import RunningServer, ServerStartError, uvicorn_server  # noqa: E402
from support import BACKEND, Stores, bench_stores, fresh_database  # noqa: E402

from waymark.db.migrate import migrate_database  # noqa: E402
from waymark.logging import configure_logging  # noqa: E402

HOST = "127.0.0.1"
PASSWORD = "bench passphrase"  # noqa: S105 - a throwaway user in a throwaway database
GOAL = {
    "goal": "Learn Rust for embedded work",
    "preferences": {"level": "beginner", "weekly_hours": 6, "language": "en"},
}
TASKS_PER_USER = 95  # POSTs per user: with the seed task, under the active-task cap of 100
CLOSED_POST_CEILING = 250  # req/s the closed-loop POST phase is provisioned for (users to create)
CLOSED_CONNECTIONS = 16
WARMUP_S = 3.0
UNLIMITED = "1000000"


@dataclass(frozen=True)
class Plan:
    rate_get: float
    rate_post: float
    duration_s: float
    closed_s: float

    @property
    def post_budget_open(self) -> int:
        return math.ceil(self.rate_post * (WARMUP_S + self.duration_s))

    @property
    def post_budget_closed(self) -> int:
        return math.ceil(CLOSED_POST_CEILING * (WARMUP_S + self.closed_s))

    @property
    def users(self) -> int:
        return math.ceil((self.post_budget_open + self.post_budget_closed) / TASKS_PER_USER)


@dataclass(frozen=True)
class Fixtures:
    tokens: list[str]
    tasks: list[tuple[str, str]]  # (owner's token, task id)


def server_env(stores: Stores, database_url: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("WAYMARK_", "CELERY_", "UVICORN_"))}
    return {
        **inherited,
        "PYTHONPATH": str(BACKEND),
        # as deployed: production settings (JSON logs, a real secret), one worker
        "WAYMARK_ENV": "production",
        "JWT_SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url,
        "REDIS_URL": stores.redis_url,
        "UVICORN_WORKERS": "1",
        "WAYMARK_CELERY__ACTIVE_TASK_CAP": "100",
        "WAYMARK_API__RATE_LIMIT_PER_MINUTE": UNLIMITED,
        "WAYMARK_API__TASK_CREATE_PER_MINUTE": UNLIMITED,
        "WAYMARK_API__AUTH_PER_MINUTE": UNLIMITED,  # the set-up registers every user from one IP
    }


class SetUpError(RuntimeError):
    pass


async def _call(client: httpx.AsyncClient, path: str, body: dict[str, Any], expect: int, **kw: Any) -> Any:
    response = await client.post(path, json=body, **kw)
    if response.status_code != expect:
        raise SetUpError(f"POST {path} answered {response.status_code}, not {expect}: {response.text[:300]}")
    return response.json()


async def make_fixtures(base_url: str, users: int) -> Fixtures:
    """Register and log in ``users`` users (argon2: about 0.3 s each); each creates one task
    for the GET phase."""
    tokens, tasks = [], []
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        for number in range(users):
            account = {"email": f"load-{number}@example.com", "password": PASSWORD}
            await _call(client, "/api/v1/auth/register", account, 201)
            token = (await _call(client, "/api/v1/auth/login", account, 200))["access_token"]
            auth = {"Authorization": f"Bearer {token}"}
            task = await _call(client, "/api/v1/tasks", GOAL, 202, headers=auth)
            tokens.append(token)
            tasks.append((token, task["task_id"]))
    return Fixtures(tokens, tasks)


def rotating(requests: list[bytes]) -> RequestFactory:
    return lambda number: requests[number % len(requests)]


def cpu_meter(server_pid: int, stores: Stores) -> CpuMeter:
    """The server under test, and the embedded PostgreSQL and Redis (unknown when external)."""
    postgres = pid_from_file(stores.postgres.pgdata / "postmaster.pid") if stores.postgres else None
    return CpuMeter(
        {"server": server_pid, "postgres": postgres, "redis": stores.redis.pid() if stores.redis else None}
    )


@dataclass(frozen=True)
class Target:
    name: str
    port: int
    pid: int
    make: RequestFactory


async def measure_open(target: Target, stores: Stores, rate: float, duration_s: float) -> Row:
    pool = Pool(HOST, target.port)
    meter = cpu_meter(target.pid, stores)
    sample = await open_loop(pool, target.make, rate=rate, duration_s=duration_s, warmup_s=WARMUP_S)
    pool.close()
    return Row(target.name, f"{rate:g}/s", sample, meter.stop())


async def measure_closed(
    target: Target, stores: Stores, duration_s: float, *, first: int = 0, budget: int | None = None
) -> Row:
    pool = Pool(HOST, target.port)
    meter = cpu_meter(target.pid, stores)
    sample = await closed_loop(
        pool,
        target.make,
        connections=CLOSED_CONNECTIONS,
        duration_s=duration_s,
        warmup_s=2.0,
        first=first,
        budget=budget,
    )
    pool.close()
    return Row(target.name, f"{CLOSED_CONNECTIONS} conns", sample, meter.stop())


async def run_phases(plan: Plan, stores: Stores, bare: Target, api: RunningServer) -> dict[str, list[Row]]:
    host = f"{HOST}:{api.port}"
    fixtures = await make_fixtures(f"http://{host}", plan.users)
    gets = [
        encode_request("GET", f"/api/v1/tasks/{task}", host=host, token=token)
        for token, task in fixtures.tasks
    ]
    posts = [
        encode_request("POST", "/api/v1/tasks", host=host, token=token, body=GOAL)
        for token in fixtures.tokens
    ]
    get = Target("Waymark GET /api/v1/tasks/{id}", api.port, api.pid, rotating(gets))
    post = Target("Waymark POST /api/v1/tasks", api.port, api.pid, rotating(posts))
    opened = [
        await measure_open(bare, stores, plan.rate_get, plan.duration_s),
        await measure_open(get, stores, plan.rate_get, plan.duration_s),
    ]
    if plan.rate_post != plan.rate_get:
        opened.append(await measure_open(bare, stores, plan.rate_post, plan.duration_s))
    opened.append(await measure_open(post, stores, plan.rate_post, plan.duration_s))
    closed = [
        await measure_closed(bare, stores, plan.closed_s),
        await measure_closed(get, stores, plan.closed_s),
        # carry on in the users' rotation where the open loop stopped: each stays under the cap
        await measure_closed(
            post, stores, plan.closed_s, first=plan.post_budget_open, budget=plan.post_budget_closed
        ),
    ]
    return {"open": opened, "closed": closed}


def client_loop_runner() -> asyncio.Runner:
    try:
        import uvloop
    except ImportError:
        return asyncio.Runner()
    return asyncio.Runner(loop_factory=uvloop.new_event_loop)


def raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def servers(stores: Stores, logs: Path) -> Iterator[tuple[Target, RunningServer]]:
    """The bare app and the Waymark API, each one uvicorn worker in its own process group."""
    with ExitStack() as stack:
        database_url = stack.enter_context(fresh_database(stores.database_url))
        migrate_database(database_url)
        env = server_env(stores, database_url)
        bare_command = [sys.executable, "-m", "uvicorn", "bare_app:app", "--app-dir", str(BENCH)]
        bare_command += ["--workers", "1", "--no-access-log", "--log-level", "warning"]
        bare = stack.enter_context(uvicorn_server("bare", bare_command, env, "/bare", logs))
        api_command = [sys.executable, "-m", "waymark", "serve", "--host", HOST]
        api = stack.enter_context(uvicorn_server("waymark", api_command, env, "/health", logs))
        bare_host = f"{HOST}:{bare.port}"
        bare_target = Target(
            "bare GET /bare", bare.port, bare.pid, rotating([encode_request("GET", "/bare", host=bare_host)])
        )
        yield bare_target, api


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate-get", type=float, default=200)
    parser.add_argument("--rate-post", type=float, default=100)
    parser.add_argument("--duration", type=float, default=20, help="seconds per open-loop phase")
    parser.add_argument("--closed-duration", type=float, default=10, help="seconds per closed-loop phase")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    plan = Plan(args.rate_get, args.rate_post, args.duration, args.closed_duration)
    configure_logging(json_output=False, level="WARNING")
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with SIGINT ignored
    signal.signal(signal.SIGTERM, raise_interrupt)
    try:
        with bench_stores() as stores, servers(stores, stores.state_dir) as (bare, api):
            with client_loop_runner() as runner:
                rows = runner.run(run_phases(plan, stores, bare, api))
    except (ServerStartError, SetUpError) as error:
        sys.stderr.write(f"api_load: {error}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("api_load: interrupted; every process it started is stopped\n")
        return 130
    print(json.dumps(render_json(plan.__dict__, rows), indent=2) if args.json else render_table(plan, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
