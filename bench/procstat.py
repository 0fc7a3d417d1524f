"""CPU time from /proc: of the processes under test (with their children), of this
process, and of the whole machine — so a phase can say where its CPU went and how
much went to processes it does not know about."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rfind(")") + 2 :].split()  # the fields after "pid (comm)"


def descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))) is not None:
            parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and its live descendants, in MiB."""
    total_kb = 0
    for pid in [root, *descendants(root)]:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total_kb += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0
        )
    return total_kb / 1024


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU of ``root`` and its descendants, live or exited."""
    total = 0
    for pid in [root, *descendants(root)]:
        fields = _stat_fields(pid)
        if fields is not None:  # utime, stime, and cutime, cstime: the children it has reaped
            total += sum(int(value) for value in fields[11:15])
    return total / _TICKS


def machine_busy_seconds() -> float:
    """User + system CPU time of every process on the machine since boot (/proc/stat's first
    line). Interrupt time is left out: it belongs to no process (loopback TCP lands there)."""
    user, nice, system = (int(value) for value in Path("/proc/stat").read_text().split()[1:4])
    return (user + nice + system) / _TICKS


def pid_from_file(path: Path) -> int | None:
    """The first number in a pid file (postmaster.pid, redis.pid), if it exists."""
    try:
        return int(path.read_text().split()[0])
    except (OSError, IndexError, ValueError):
        return None


@dataclass(frozen=True)
class CpuUsage:
    seconds: dict[str, float | None]  # per named process tree; None when it is not ours to see
    client_s: float  # this process
    machine_s: float  # every process on the machine
    wall_s: float

    def per_request_ms(self, requests: int) -> dict[str, float | None]:
        return {name: None if s is None else s / max(requests, 1) * 1000 for name, s in self.seconds.items()}

    @property
    def other_share(self) -> float:
        """Cores' worth of CPU used by processes outside the measurement during the phase."""
        known = self.client_s + sum(s for s in self.seconds.values() if s is not None)
        return max(self.machine_s - known, 0.0) / self.wall_s if self.wall_s > 0 else 0.0


class CpuMeter:
    def __init__(self, roots: dict[str, int | None]) -> None:
        self.roots = roots
        self.started = self._read()

    def _read(self) -> tuple[dict[str, float | None], float, float, float]:
        trees = {name: None if pid is None else tree_cpu_seconds(pid) for name, pid in self.roots.items()}
        return trees, time.process_time(), machine_busy_seconds(), time.perf_counter()

    def stop(self) -> CpuUsage:
        (trees, client, machine, wall), (trees0, client0, machine0, wall0) = self._read(), self.started
        return CpuUsage(
            seconds={
                name: None if value is None else value - (trees0[name] or 0.0)
                for name, value in trees.items()
            },
            client_s=client - client0,
            machine_s=machine - machine0,
            wall_s=wall - wall0,
        )
