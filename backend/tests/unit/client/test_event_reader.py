"""The reader's reconnect protocol over a real socket: a stream that breaks mid-body is
resumed with Last-Event-ID and no event is lost or repeated. (The API itself is exercised
end to end in tests/integration/cli; here we need a connection we can break on purpose.)"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator

import pytest

from waymark.client.events import EventReader, Heartbeat, TaskEvent
from waymark.client.http import ApiClient, ApiError


def frame(event_id: str, kind: str) -> bytes:
    body = json.dumps({"id": event_id, "type": kind, "task_id": "t", "data": {}})
    return f"id: {event_id}\nevent: {kind}\ndata: {body}\n\n".encode()


def chunk(payload: bytes) -> bytes:
    return f"{len(payload):x}\r\n".encode() + payload + b"\r\n"


HEADERS = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
    b"transfer-encoding: chunked\r\nconnection: close\r\n\r\n"
)


class BreakingSSEServer:
    """First connection: two events, then the socket dies mid-body. Later ones: the rest."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.requests: list[str] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        for connection_number in range(2):
            conn, _ = self.listener.accept()
            with conn:
                request = b""
                while b"\r\n\r\n" not in request:
                    request += conn.recv(4096)
                self.requests.append(request.decode())
                conn.sendall(HEADERS)
                if connection_number == 0:
                    conn.sendall(chunk(b": ping\n\n" + frame("1-0", "step") + frame("2-0", "log")))
                    conn.sendall(chunk(b'id: 3-0\ndata: {"trunc'))  # half an event, then gone
                else:
                    conn.sendall(chunk(frame("3-0", "usage") + frame("4-0", "completed")) + b"0\r\n\r\n")

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def server() -> Iterator[BreakingSSEServer]:
    running = BreakingSSEServer()
    yield running
    running.close()


def test_a_broken_stream_resumes_after_the_last_whole_event(server: BreakingSSEServer) -> None:
    sleeps: list[float] = []
    with ApiClient(server.url, token="t0ken") as api:
        reader = EventReader(api, "task-1", delays=(0.25,), sleep=sleeps.append)
        items = list(reader.events())
    events = [item for item in items if isinstance(item, TaskEvent)]
    assert [(e.id, e.type) for e in events] == [
        ("1-0", "step"),
        ("2-0", "log"),
        ("3-0", "usage"),
        ("4-0", "completed"),
    ]
    assert any(isinstance(item, Heartbeat) for item in items)
    assert reader.reconnects == 1 and sleeps == [0.25]
    first, second = server.requests
    assert first.startswith("GET /api/v1/tasks/task-1/events ")
    assert "last-event-id" not in first.lower()
    assert "last-event-id: 2-0" in second.lower()
    assert "authorization: bearer t0ken" in second.lower()


def test_the_reader_gives_up_after_its_reconnect_budget() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    sleeps: list[float] = []
    with ApiClient(url) as api:
        reader = EventReader(api, "task-1", delays=(0.1, 0.2), sleep=sleeps.append)
        with pytest.raises(ApiError, match="could not reconnect") as raised:
            list(reader.events())
    assert sleeps == [0.1, 0.2]
    assert raised.value.exit_code == 1
