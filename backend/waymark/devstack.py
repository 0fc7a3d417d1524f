"""``waymark dev``: embedded services, migrations and every service of the stack, supervised.

Ctrl-C (or SIGTERM) stops every process it started, then the embedded services it
started; their data stays under the state directory for the next run.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import httpx
import structlog

from waymark.local import start_local_services, stop_local_services
from waymark.settings import Settings, load_settings

log = structlog.get_logger(__name__)

READY_TIMEOUT_S = 120


@dataclass
class Supervisor:
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def spawn(self, name: str, command: list[str], **env: str) -> None:
        self.processes[name] = subprocess.Popen(command, env={**os.environ, **env})  # noqa: S603
        log.info("dev.process.started", service=name, pid=self.processes[name].pid)

    def first_exited(self) -> tuple[str, int] | None:
        for name, process in self.processes.items():
            code = process.poll()
            if code is not None:
                return name, code
        return None

    def stop_all(self, grace_s: float = 10) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + grace_s
        for name, process in self.processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.warning("dev.process.killed", service=name)
                process.kill()


def _wait_ready(url: str, supervisor: Supervisor) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if supervisor.first_exited():
            raise RuntimeError("a service exited during start-up; see its log above")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not become ready within {READY_TIMEOUT_S}s")


def _banner(lines: list[str]) -> None:
    width = max(len(line) for line in lines) + 4
    sys.stdout.write("\n" + "=" * width + "\n")
    for line in lines:
        sys.stdout.write(f"  {line}\n")
    sys.stdout.write("=" * width + "\n\n")
    sys.stdout.flush()


# the simulators' ports; WAYMARK_SIM_LLM_PORT / WAYMARK_SIM_SEARCH_PORT move them (a second stack, e2e)
SIM_LLM_PORT = int(os.environ.get("WAYMARK_SIM_LLM_PORT", "8100"))
SIM_SEARCH_PORT = int(os.environ.get("WAYMARK_SIM_SEARCH_PORT", "8101"))
ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "scripts" / "railway_entrypoint.sh"
WEB_DIR = ROOT / "frontend-next"
# what the production build of the web UI depends on: rebuild when any of it is newer
WEB_SOURCES = ("src", "package-lock.json", "next.config.ts", "postcss.config.mjs", "tsconfig.json")
WORKER_SERVICES = ("celery_workflow", "celery_content", "celery_logs", "celery_beat", "flower")


def _dev_flower_auth(settings: Settings) -> str:
    """Flower is never open: the dev stack makes up a password and prints it."""
    if settings.celery.flower_basic_auth is None:
        os.environ["FLOWER_BASIC_AUTH"] = f"admin:{secrets.token_urlsafe(12)}"
    # the worker scripts find this environment's waymark and celery first
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return os.environ["FLOWER_BASIC_AUTH"]


def _start_simulators_without_keys(settings: Settings, supervisor: Supervisor) -> list[str]:
    """No OPENAI_API_KEY / TAVILY_API_KEY: run the simulators and say so loudly."""
    lines: list[str] = []
    need_llm = settings.llm.api_key is None and not settings.llm.base_url
    need_search = settings.search.api_key is None and not settings.search.base_url
    if not (need_llm or need_search):
        return lines
    supervisor.spawn(
        "simulators",
        [sys.executable, "-m", "waymark", "sim", "--llm-port", str(SIM_LLM_PORT),
         "--search-port", str(SIM_SEARCH_PORT)],
    )  # fmt: skip
    if need_llm:
        os.environ["OPENAI_BASE_URL"] = f"http://127.0.0.1:{SIM_LLM_PORT}/v1"
        lines.append(f"LLM            SIMULATED (no OPENAI_API_KEY) at {os.environ['OPENAI_BASE_URL']}")
    if need_search:
        os.environ["TAVILY_BASE_URL"] = f"http://127.0.0.1:{SIM_SEARCH_PORT}"
        lines.append(f"Search         SIMULATED (no TAVILY_API_KEY) at {os.environ['TAVILY_BASE_URL']}")
    log.warning(
        "dev.simulators.enabled",
        note="No OPENAI_API_KEY/TAVILY_API_KEY: content is deterministic placeholder text "
        "from the built-in simulators.",
    )
    return lines


def _newest_mtime(paths: list[Path]) -> float:
    newest = 0.0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        newest = max([newest, *(f.stat().st_mtime for f in files if f.is_file())])
    return newest


def _prepare_web_ui() -> str | None:
    """Build the web UI when its sources changed since the last build. None when it can be served,
    else the reason it cannot (shown in the banner; the API and workers still run)."""
    if os.environ.get("WAYMARK_DEV_WEB", "1") == "0":
        return "not started (WAYMARK_DEV_WEB=0)"
    node_modules = WEB_DIR / "node_modules"
    if not (node_modules / ".bin" / "next").exists():
        return "not started: Node.js 20+ and `npm ci` in frontend-next are needed (scripts/bootstrap.sh)"
    build_id = WEB_DIR / ".next" / "BUILD_ID"
    sources = [WEB_DIR / name for name in WEB_SOURCES if (WEB_DIR / name).exists()]
    if build_id.exists() and build_id.stat().st_mtime >= _newest_mtime(sources):
        return None
    log.info("dev.web.building", note="first start or changed sources: about a minute")
    env = {**os.environ, "NEXT_TELEMETRY_DISABLED": "1"}
    build = subprocess.run(["npm", "run", "build"], cwd=WEB_DIR, env=env, check=False)  # noqa: S607
    failed = "not started: `npm run build` in frontend-next failed (see above)"
    return None if build.returncode == 0 else failed


def _start_web_ui(supervisor: Supervisor, host: str, api_url: str) -> str:
    port = os.environ.get("WEB_PORT", "3000")
    next_bin = str(WEB_DIR / "node_modules" / "next" / "dist" / "bin" / "next")
    supervisor.spawn(
        "web",
        ["node", next_bin, "start", str(WEB_DIR), "--port", port, "--hostname", host],
        WAYMARK_API_URL=api_url,
        NEXT_TELEMETRY_DISABLED="1",
        NODE_ENV="production",
    )
    url = f"http://{host}:{port}"
    _wait_ready(f"{url}/login", supervisor)
    return url


def run_dev_stack(settings: Settings, *, host: str) -> int:
    from waymark.db.migrate import migrate_database

    started_embedded = not (settings.db.url and settings.redis.url)
    if started_embedded:
        services = start_local_services(settings.state_dir)
        os.environ.setdefault("DATABASE_URL", services.database_url)
        os.environ.setdefault("REDIS_URL", services.redis_url)
        settings = load_settings()
    migrate_database(settings.db.url or "")

    supervisor = Supervisor()
    stopping = False
    simulated = _start_simulators_without_keys(settings, supervisor)

    def _stop(signum: int, _: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    api_url = f"http://{host}:{settings.api.port}"
    flower_auth = _dev_flower_auth(settings)
    web_problem = _prepare_web_ui()  # a build needs the cores: before the services start
    try:
        supervisor.spawn("api", [sys.executable, "-m", "waymark", "serve", "--host", host])
        _wait_ready(f"{api_url}/health/ready", supervisor)  # the API first: 2 cores go further
        for service in WORKER_SERVICES:
            supervisor.spawn(service, ["bash", str(ENTRYPOINT)], SERVICE_TYPE=service)
        web = web_problem or _start_web_ui(supervisor, host, api_url)
        _banner(
            [
                "Waymark dev stack is up",
                f"Web UI         {web}",
                f"API            {api_url}",
                f"API docs       {api_url}/docs",
                f"Flower         http://127.0.0.1:{settings.celery.flower_port}  (login {flower_auth})",
                "Workers        celery_workflow, celery_content, celery_logs, celery_beat",
                f"Readiness      {api_url}/health/ready",
                f"Database       {'embedded PostgreSQL' if started_embedded else 'DATABASE_URL'}",
                f"Redis          {'embedded Redis' if started_embedded else 'REDIS_URL'}",
                *simulated,
                "Press Ctrl-C to stop everything this command started.",
            ]
        )
        while not stopping:
            exited = supervisor.first_exited()
            if exited:
                log.error("dev.process.exited", service=exited[0], code=exited[1])
                return 1
            time.sleep(0.5)
        return 0
    finally:
        supervisor.stop_all()
        if started_embedded:
            stop_local_services(settings.state_dir)
        log.info("dev.stopped")
