"""A small HTTP/1.1 load generator: open loop at a fixed arrival rate, or closed loop.

Requests are pre-encoded bytes written on raw keep-alive connections (an asyncio
Protocol, no HTTP library), so the client costs far less CPU per request than the
server it measures. Open-loop latency is taken from each request's *scheduled* send
time, so a server stall shows up in the figures instead of slowing the sender
(no coordinated omission).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

RequestFactory = Callable[[int], bytes]  # request number -> the bytes on the wire
now = time.perf_counter  # not loop.time(): uvloop's clock ticks in whole milliseconds


def encode_request(
    method: str, path: str, *, host: str, token: str | None = None, body: dict[str, Any] | None = None
) -> bytes:
    payload = json.dumps(body).encode() if body is not None else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Accept: application/json"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


class HttpError(Exception):
    pass


class _Connection(asyncio.Protocol):
    """One keep-alive connection; one request in flight at a time."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.waiter: asyncio.Future[int] | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # a TCP transport (uvloop's is no subclass)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = bytes(self.buffer[:end]).lower()
        marker = head.find(b"\r\ncontent-length:")
        if marker < 0:
            self._fail(HttpError("response without Content-Length"))
            return
        value_at = marker + len(b"\r\ncontent-length:")
        value_end = head.find(b"\r\n", value_at)
        length = int(head[value_at : value_end if value_end >= 0 else len(head)])
        if len(self.buffer) < end + 4 + length:
            return
        status = int(self.buffer[9:12])
        del self.buffer[: end + 4 + length]
        if b"\r\nconnection: close" in head:
            self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(status)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._fail(HttpError(f"connection lost: {exc}"))

    def _fail(self, error: Exception) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(error)

    async def exchange(self, request: bytes) -> int:
        if self.closed or self.transport is None:
            raise HttpError("connection closed")
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return await self.waiter

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


IDLE_REUSE_S = 4.0  # uvicorn closes a keep-alive connection after 5 s idle: never race it


class Pool:
    """Idle keep-alive connections to one server; a new one is opened when none is idle."""

    def __init__(self, host: str, port: int, max_connections: int = 256) -> None:
        self.host, self.port = host, port
        self.idle: list[tuple[_Connection, float]] = []  # (connection, idle since), newest last
        self.slots = asyncio.Semaphore(max_connections)
        self.opened = 0

    async def exchange(self, request: bytes) -> int:
        async with self.slots:
            connection = self._reuse() or await self._open()
            try:
                status = await connection.exchange(request)
            except BaseException:
                connection.close()
                raise
            if connection.closed:
                connection.close()
            else:
                self.idle.append((connection, now()))
            return status

    def _reuse(self) -> _Connection | None:
        while self.idle:
            connection, since = self.idle.pop()
            if not connection.closed and now() - since < IDLE_REUSE_S:
                return connection
            connection.close()
        return None

    async def _open(self) -> _Connection:
        _, protocol = await asyncio.get_running_loop().create_connection(_Connection, self.host, self.port)
        self.opened += 1
        return protocol

    def close(self) -> None:
        for connection, _ in self.idle:
            connection.close()
        self.idle.clear()


@dataclass
class Sample:
    """What one measured phase saw. Latencies in seconds, sorted on read."""

    latencies: list[float] = field(default_factory=list)
    send_lag: list[float] = field(default_factory=list)  # open loop: actual send − scheduled
    statuses: dict[int, int] = field(default_factory=dict)
    failures: int = 0  # connection errors
    sent: int = 0  # every request, the warm-up's too
    elapsed_s: float = 0.0
    client_cpu_share: float = 0.0  # of one core, over the phase
    connections: int = 0

    def record(self, status: int | None, latency: float) -> None:
        if status is None:
            self.failures += 1
            return
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if 200 <= status < 300:
            self.latencies.append(latency)

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return self.failures + sum(n for status, n in self.statuses.items() if not 200 <= status < 300)

    @property
    def throughput(self) -> float:
        return self.ok / self.elapsed_s if self.elapsed_s else 0.0

    def percentile_ms(self, p: float, values: list[float] | None = None) -> float:
        """Nearest-rank percentile, in ms."""
        ordered = sorted(self.latencies if values is None else values)
        if not ordered:
            return math.nan
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] * 1000


async def _timed(
    pool: Pool, request: bytes, scheduled: float, sample: Sample | None, *, lag: bool = False
) -> None:
    if sample is not None and lag:
        sample.send_lag.append(now() - scheduled)
    try:
        status: int | None = await pool.exchange(request)
    except (HttpError, OSError):
        status = None
    if sample is not None:
        sample.record(status, now() - scheduled)


async def open_loop(
    pool: Pool, make: RequestFactory, *, rate: float, duration_s: float, warmup_s: float, first: int = 0
) -> Sample:
    """Send at ``rate`` per second whatever the server does; the warm-up is not recorded."""
    loop = asyncio.get_running_loop()
    sample = Sample()
    warm, total = round(rate * warmup_s), round(rate * (warmup_s + duration_s))
    start = now() + 0.05
    pending: set[asyncio.Task[None]] = set()
    clock = _CpuClock()
    for number in range(total):
        scheduled = start + number / rate
        if number == warm:
            clock = _CpuClock()
        delay = scheduled - now()
        if delay > 0:
            await asyncio.sleep(delay)
        request = make(first + number)
        task = loop.create_task(
            _timed(pool, request, scheduled, sample if number >= warm else None, lag=True)
        )
        pending.add(task)
        task.add_done_callback(pending.discard)
    await asyncio.gather(*pending)
    sample.elapsed_s = now() - (start + warm / rate)
    sample.sent = total
    sample.client_cpu_share = clock.share()
    sample.connections = pool.opened
    return sample


async def closed_loop(
    pool: Pool,
    make: RequestFactory,
    *,
    connections: int,
    duration_s: float,
    warmup_s: float,
    first: int = 0,
    budget: int | None = None,
) -> Sample:
    """``connections`` clients, each sending its next request when the last one is answered.
    Stops after ``duration_s`` (plus the unrecorded warm-up), or after ``budget`` requests."""
    sample = Sample()
    counter = iter(range(first, first + budget)) if budget is not None else itertools.count(first)
    measure_from = now() + warmup_s
    stop_at = measure_from + duration_s
    last_done = measure_from

    async def client() -> None:
        nonlocal last_done
        for number in counter:
            started = now()
            if started >= stop_at:
                return
            sample.sent += 1
            await _timed(pool, make(number), started, sample if started >= measure_from else None)
            last_done = now()

    clock = _CpuClock()
    await asyncio.gather(*(client() for _ in range(connections)))
    sample.elapsed_s = max(last_done - measure_from, 0.0)
    sample.client_cpu_share = clock.share()
    sample.connections = pool.opened
    return sample


class _CpuClock:
    """This process's CPU time over wall time since creation: the client's own load."""

    def __init__(self) -> None:
        self.cpu, self.wall = time.process_time(), time.perf_counter()

    def share(self) -> float:
        wall = time.perf_counter() - self.wall
        return (time.process_time() - self.cpu) / wall if wall > 0 else 0.0
