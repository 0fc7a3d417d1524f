"""A learner who reloads the cockpit again and again is never locked out of live updates:
every stream a vanished client held is given back at once, however the client vanished."""

from __future__ import annotations

import asyncio
import socket
import struct
from dataclasses import dataclass

import httpx
import pytest

from tests.conftest import overridden, register_and_login
from tests.fixtures.api import running_api
from tests.fixtures.waiting import eventually
from waymark.settings import Settings

pytestmark = pytest.mark.timeout(180)

CAP = 2
# A slot nobody gives back ages out after three heartbeats + 5 s = 20 s. Every stream below
# must open well within that, so only a slot that was really released can let it open.
HEARTBEAT_S = 5.0
PROMPTLY_S = 6.0


@dataclass
class RawStream:
    """One HTTP connection to the event stream, dropped the way a closing tab drops it."""

    status: int
    writer: asyncio.StreamWriter

    def reset(self) -> None:
        """Vanish without a goodbye: RST, not FIN (a killed browser, a lost network)."""
        sock = self.writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()


async def send_request(
    api: str, path: str, headers: dict[str, str]
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    url = httpx.URL(api)
    reader, writer = await asyncio.open_connection(url.host, url.port)
    lines = [f"GET {path} HTTP/1.1", f"Host: {url.host}:{url.port}", "Accept: text/event-stream"]
    writer.write("\r\n".join([*lines, *(f"{k}: {v}" for k, v in headers.items()), "", ""]).encode())
    await writer.drain()
    return reader, writer


async def open_raw(api: str, path: str, headers: dict[str, str]) -> RawStream:
    reader, writer = await send_request(api, path, headers)
    status_line = await asyncio.wait_for(reader.readline(), 30)
    return RawStream(int(status_line.split()[1]), writer)


async def open_promptly(api: str, path: str, headers: dict[str, str]) -> RawStream:
    """A stream that opens (200) within PROMPTLY_S: the slots of dropped streams are free."""
    opened: list[RawStream] = []

    async def opens() -> bool:
        stream = await open_raw(api, path, headers)
        if stream.status == 200:
            opened.append(stream)
            return True
        stream.reset()
        return False

    await eventually(opens, PROMPTLY_S, "an event stream to open after the page dropped its streams")
    return opened[0]


async def test_a_learner_who_reloads_again_and_again_still_gets_live_updates(settings: Settings) -> None:
    # this process's stream Redis pool has three connections: one a dropped stream kept would show
    capped = overridden(
        settings,
        "api",
        max_streams_per_user=CAP,
        max_streams_per_process=CAP + 1,
        sse_heartbeat_s=HEARTBEAT_S,
    )
    with running_api(capped) as api:
        async with httpx.AsyncClient(base_url=api, timeout=30) as http:
            headers = await register_and_login(http)
            created = await http.post("/api/v1/tasks", json={"goal": "Learn SQL"}, headers=headers)
            assert created.status_code == 202, created.text  # no worker here: it stays queued, live
            path = f"/api/v1/tasks/{created.json()['task_id']}/events"
            for _reload in range(5):
                # the page opens as many streams as it may, and one more that is refused …
                streams = [await open_promptly(api, path, headers) for _ in range(CAP)]
                refused = await open_raw(api, path, headers)
                assert refused.status == 429
                # … then the tab reloads: each connection vanishes, some before any answer
                for stream in (*streams, refused):
                    stream.reset()
                for _ in range(3):  # requests abandoned before any answer came
                    _, gone = await send_request(api, path, headers)
                    gone.close()
                async with http.stream("GET", path, headers=headers) as polite:  # and one closed
                    assert polite.status_code in {200, 429}
            final = await open_promptly(api, path, headers)
            final.reset()
