"""The platform a chaos soak runs against, with handles to break it: embedded PostgreSQL and
Redis (stopped, restarted, flushed), the simulators, the API, and one process group per
worker service (killed with SIGKILL, parent or child, and started again).

Two variants: ``waymark`` starts the services through ``scripts/railway_entrypoint.sh`` as a
deployment does; ``stock`` runs the same task code the way most Celery deployments are run
(early acks, the default visibility timeout and prefetch, no leases, no reaper).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from procstat import descendants

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "backend"))

from waymark.db.migrate import migrate_database  # noqa: E402
from waymark.local import EmbeddedPostgres, EmbeddedRedis  # noqa: E402
from waymark.settings import load_settings  # noqa: E402
from waymark.threaded_server import free_port  # noqa: E402
from waymark.worker.celery_app import create_celery  # noqa: E402

QUEUES = {"workflow": "roadmap_workflow", "content": "content_generation", "logs": "logs"}


@dataclass(frozen=True)
class SoakShape:
    variant: str  # "waymark" | "stock"
    slots: dict[str, int]  # worker service -> concurrency
    lease_s: float = 6.0
    content_lease_s: float = 9.0
    idle_grace_s: float = 8.0
    reap_interval_s: float = 2.0
    llm_timeout_s: float = 8.0


@dataclass
class SoakStack:
    """Everything one soak run started, and how to break it."""

    shape: SoakShape
    state: Path
    rng: random.Random
    postgres: EmbeddedPostgres = field(init=False)
    redis: EmbeddedRedis = field(init=False)
    env: dict[str, str] = field(default_factory=dict)
    api_url: str = ""
    llm_admin: str = ""
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    log: list[tuple[float, str]] = field(default_factory=list)

    def start(self, sim_config: dict[str, Any]) -> None:
        self.postgres, self.redis = EmbeddedPostgres(self.state), EmbeddedRedis(self.state)
        database_url, redis_url = self.postgres.start(), self.redis.start()
        migrate_database(database_url)
        llm_port, search_port, api_port = free_port(), free_port(), free_port()
        self.env = self._environment(database_url, redis_url, llm_port, search_port, api_port)
        self._spawn("sim", [sys.executable, "-m", "waymark", "sim", "--llm-port", str(llm_port),
                            "--search-port", str(search_port)])  # fmt: skip
        self.llm_admin = f"http://127.0.0.1:{llm_port}/_sim"
        _wait(
            lambda: httpx.post(f"{self.llm_admin}/config", json=sim_config, timeout=2).is_success, "simulator"
        )
        self._spawn("api", [sys.executable, "-m", "waymark", "serve", "--host", "127.0.0.1"])
        self.api_url = f"http://127.0.0.1:{api_port}"
        _wait(lambda: httpx.get(f"{self.api_url}/health/ready", timeout=2).is_success, "the API")
        for service in (*self.shape.slots, "beat"):
            self.start_service(service)
        self.wait_for_workers()

    def start_named_worker(self, name: str, queue: str, concurrency: int) -> None:
        """One more worker service on ``queue`` (a second host's, under its own node name),
        started with the entrypoint's options."""
        command = ["celery", "-A", "waymark.worker.app:app", "worker", "-Q", queue, "-c", str(concurrency),
                   "-n", f"{name}@%h", "--prefetch-multiplier", "1", "--pool", "prefork", "-E"]  # fmt: skip
        self._spawn(name, command)
        self.wait_for_workers(extra=1)

    def wait_for_workers(self, extra: int = 0) -> None:
        """Chaos starts once every worker service answers (they take seconds to boot)."""
        settings = load_settings(
            env="test", db={"url": self.env["DATABASE_URL"]}, redis={"url": self.env["REDIS_URL"]}
        )
        app = create_celery(settings)
        try:
            _wait(
                lambda: len(app.control.inspect(timeout=1).ping() or {}) >= len(self.shape.slots),
                "the workers",
            )
        finally:
            app.close()

    def _environment(
        self, database_url: str, redis_url: str, llm: int, search: int, api: int
    ) -> dict[str, str]:
        shape = self.shape
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith(("WAYMARK_", "CELERY_"))},
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": str(ROOT / "backend"),
            "WAYMARK_ENV": "test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "OPENAI_BASE_URL": f"http://127.0.0.1:{llm}/v1",
            "TAVILY_BASE_URL": f"http://127.0.0.1:{search}",
            "PORT": str(api),
            "WAYMARK_API__RATE_LIMIT_PER_MINUTE": "1000000",
            "WAYMARK_API__TASK_CREATE_PER_MINUTE": "1000000",
            "WAYMARK_API__AUTH_PER_MINUTE": "1000000",
            "WAYMARK_CELERY__DURABILITY": shape.variant,
            "WAYMARK_CELERY__LEASE_S": str(shape.lease_s),
            "WAYMARK_CELERY__CONTENT_LEASE_S": str(shape.content_lease_s),
            "WAYMARK_CELERY__IDLE_GRACE_S": str(shape.idle_grace_s),
            "WAYMARK_CELERY__REAP_INTERVAL_S": str(shape.reap_interval_s),
            "WAYMARK_CELERY__CONTENT_DISPATCH_GRACE_S": "60",
            "WAYMARK_LLM__TIMEOUT_S": str(shape.llm_timeout_s),
            "WAYMARK_LLM__MAX_RETRIES": "4",
            "WAYMARK_LLM__MAX_CONCURRENCY": "64",
            "WAYMARK_LLM__REQUESTS_PER_MINUTE": "100000",
            "CELERY_BEAT_SCHEDULE_FILE": str(self.state / "beat-schedule"),
            "CELERY_WORKFLOW_CONCURRENCY": str(shape.slots["workflow"]),
            "CELERY_CONTENT_CONCURRENCY": str(shape.slots["content"]),
            "CELERY_LOGS_CONCURRENCY": str(shape.slots["logs"]),
        }

    def _spawn(self, name: str, command: list[str], **extra: str) -> None:
        log = (self.state / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(  # noqa: S603
            command, env={**self.env, **extra}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def start_service(self, service: str) -> None:
        if self.shape.variant == "waymark" or service == "beat":
            entrypoint = ["bash", str(ROOT / "scripts" / "railway_entrypoint.sh")]
            self._spawn(service, entrypoint, SERVICE_TYPE=f"celery_{service}")
            return
        slots = str(self.shape.slots[service])
        command = ["celery", "-A", "waymark.worker.app:app", "worker", "-Q", QUEUES[service],
                   "-c", slots, "-n", f"{service}@%h", "--loglevel", "INFO"]  # fmt: skip
        self._spawn(service, command)  # stock: Celery's own defaults (prefetch, acks)

    def stop_service(self, service: str) -> None:
        process = self.processes.pop(service, None)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def kill_random_worker(self, started: float) -> str:
        """SIGKILL one worker process, parent or child; restart the service if it was the parent."""
        service = self.rng.choice(sorted(self.shape.slots))
        parent = self.processes[service]
        candidates = [parent.pid, *descendants(parent.pid)]
        victim = self.rng.choice(candidates)
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            return f"{service}: pid {victim} already gone"
        what = "parent" if victim == parent.pid else "child"
        if victim == parent.pid:
            parent.wait(timeout=30)
            self.start_service(service)  # the platform restarts the service; orphans finish and exit
        self.note(started, f"kill -9 {service} {what} {victim}")
        return what

    def note(self, started: float, event: str) -> None:
        self.log.append((round(time.monotonic() - started, 1), event))

    def stop_all(self) -> None:
        for name in list(self.processes):
            process = self.processes.pop(name)
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=30)
        for child in _orphans_of(self.state):
            os.kill(child, signal.SIGKILL)
        self.redis.stop()
        self.postgres.stop()


def _orphans_of(state: Path) -> list[int]:
    """Worker children left behind by a killed parent (they carry this run's environment)."""
    marker = f"CELERY_BEAT_SCHEDULE_FILE={state / 'beat-schedule'}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _wait(ready: Any, what: str, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up")
