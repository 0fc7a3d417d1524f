"""HTTP servers as subprocesses for benchmarks: started on a free port, waited for, always stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from waymark.threaded_server import free_port


class ServerStartError(RuntimeError):
    pass


@dataclass(frozen=True)
class RunningServer:
    name: str
    port: int
    pid: int


@contextmanager
def uvicorn_server(
    name: str, command: list[str], env: dict[str, str], ready_path: str, logs: Path, timeout_s: float = 60
) -> Iterator[RunningServer]:
    """Run ``command --port <free port>`` in its own process group until ``ready_path``
    answers 200; stop the group on exit (SIGTERM, then SIGKILL after 15 s)."""
    port = free_port()
    log_path = logs / f"{name}.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(  # noqa: S603
            [*command, "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_ready(name, process, f"http://127.0.0.1:{port}{ready_path}", log_path, timeout_s)
        try:
            yield RunningServer(name, port, process.pid)
        except Exception:  # re-raised: the server's own account of the failure goes with it
            sys.stderr.write(f"--- the last lines of the {name} server's log ---\n{_tail(log_path)}\n")
            raise
    finally:
        _stop(process)


def _wait_ready(
    name: str, process: subprocess.Popen[bytes], url: str, log_path: Path, timeout_s: float
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerStartError(f"{name} server exited with {process.returncode}:\n{_tail(log_path)}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise ServerStartError(f"{name} server did not answer {url} within {timeout_s:.0f} s:\n{_tail(log_path)}")


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as error:
        return f"(no log: {error})"


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except KeyboardInterrupt:  # a second Ctrl-C while stopping: stop at once, then go on unwinding
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
        raise
