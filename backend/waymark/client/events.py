"""Reading a task's Server-Sent Events: an incremental parser (WHATWG rules) and a reader
that reconnects with ``Last-Event-ID`` when the connection drops."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from waymark.client.http import ApiClient, ApiError

TERMINAL_EVENT_TYPES = frozenset({"completed", "failed", "cancelled"})
READ_TIMEOUT_S = 60.0  # several heartbeats; silence this long means the connection is gone
RECONNECT_DELAYS_S = (0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0)


@dataclass(frozen=True)
class SSEMessage:
    """One dispatched message: ``event`` defaults to "message" as in the spec."""

    data: str
    event: str = "message"
    id: str | None = None


@dataclass(frozen=True)
class Heartbeat:
    """A comment line (``: ping``): proof the connection is alive, nothing to show."""

    text: str


class SSEParser:
    """Feed it text as it arrives, in chunks of any size; it returns whole messages.

    Lines end in LF, CR or CRLF (also when a chunk ends between the CR and the LF);
    ``data`` lines are joined with LF; a message without data is not dispatched, but its
    ``id`` still becomes the last event id; ``retry`` sets the reconnection delay.
    """

    def __init__(self) -> None:
        self._buffer = ""
        self._after_cr = False
        self._data: list[str] = []
        self._event = ""
        self._pending_id: str | None = None
        self.last_event_id: str | None = None
        self.retry_ms: int | None = None

    def feed(self, chunk: str) -> list[SSEMessage | Heartbeat]:
        self._buffer += chunk
        out: list[SSEMessage | Heartbeat] = []
        for line in self._complete_lines():
            item = self._line(line)
            if item is not None:
                out.append(item)
        return out

    def _complete_lines(self) -> Iterator[str]:
        text = self._buffer
        if self._after_cr and text.startswith("\n"):
            text = text[1:]  # the LF of a CRLF whose CR ended the previous chunk
        self._after_cr = False
        start = 0
        index = 0
        while index < len(text):
            char = text[index]
            if char == "\n" or char == "\r":
                yield text[start:index]
                if char == "\r":
                    if index + 1 == len(text):
                        self._after_cr = True
                    elif text[index + 1] == "\n":
                        index += 1
                start = index + 1
            index += 1
        self._buffer = text[start:]

    def _line(self, line: str) -> SSEMessage | Heartbeat | None:
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return Heartbeat(line[1:].strip())
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._pending_id = value
        elif name == "retry" and value.isdigit():
            self.retry_ms = int(value)
        return None

    def _dispatch(self) -> SSEMessage | None:
        if self._pending_id is not None:
            self.last_event_id = self._pending_id or None
        data, event = self._data, self._event or "message"
        self._data, self._event, self._pending_id = [], "", None
        if not data:
            return None
        return SSEMessage(data="\n".join(data), event=event, id=self.last_event_id)


@dataclass(frozen=True)
class TaskEvent:
    """The API's event body (docs/api.md, Events)."""

    id: str | None
    type: str
    step: str | None = None
    message: str = ""
    level: str = "info"
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def terminal(self) -> bool:
        return self.type in TERMINAL_EVENT_TYPES


def task_event(message: SSEMessage) -> TaskEvent:
    """The JSON payload wins; the SSE ``event``/``id`` fields fill what it leaves out."""
    try:
        payload = json.loads(message.data)
    except ValueError:
        payload = {"message": message.data}
    if not isinstance(payload, dict):
        payload = {"message": str(payload)}
    data = payload.get("data")
    return TaskEvent(
        id=message.id or payload.get("id"),
        type=str(payload.get("type") or message.event),
        step=payload.get("step"),
        message=str(payload.get("message") or ""),
        level=str(payload.get("level") or "info"),
        data=data if isinstance(data, dict) else {},
    )


class EventReader:
    """Yields a task's events (and heartbeats) across reconnects. Stops after a terminal
    event, or when the server closes the stream cleanly (the caller checks the task then);
    gives up with ApiError after ``len(delays)`` failed reconnects in a row."""

    def __init__(
        self,
        api: ApiClient,
        task_id: str,
        *,
        read_timeout_s: float = READ_TIMEOUT_S,
        delays: tuple[float, ...] = RECONNECT_DELAYS_S,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api = api
        self.task_id = task_id
        self.last_event_id: str | None = None
        self.read_timeout_s = read_timeout_s
        self.delays = delays
        self.sleep = sleep
        self.reconnects = 0
        self.retry_ms: int | None = None

    def events(self) -> Generator[TaskEvent | Heartbeat, None, None]:
        failures = 0
        while True:
            parser = SSEParser()
            try:
                with self.api.open_event_stream(
                    self.task_id, self.last_event_id, self.read_timeout_s
                ) as stream:
                    for chunk in stream.iter_text():
                        for item in parser.feed(chunk):
                            failures = 0
                            self.retry_ms = parser.retry_ms or self.retry_ms
                            if isinstance(item, Heartbeat):
                                yield item
                                continue
                            event = task_event(item)
                            self.last_event_id = event.id or self.last_event_id
                            yield event
                            if event.terminal:
                                return
                return  # closed by the server without a terminal event
            except httpx.TransportError as error:
                if failures >= len(self.delays):
                    raise ApiError(f"lost the event stream and could not reconnect: {error}") from error
                retry_s = (parser.retry_ms or self.retry_ms or 0) / 1000  # the server's wish
                delay = max(retry_s, self.delays[failures])
                failures += 1
                self.reconnects += 1
                self.sleep(delay)
