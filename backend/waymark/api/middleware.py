"""Pure ASGI middleware: request ids, access logging, and the request body size limit."""

from __future__ import annotations

import json
import time
import uuid

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from waymark.logging import bind_context, clear_context

log = structlog.get_logger(__name__)


class RequestContextMiddleware:
    """Binds ``request_id`` for every log line of a request and echoes it as X-Request-ID.
    The access log line goes out for every request (``access_log="all"``) or only for failed
    and slow ones (``"problems"``): every request is counted and timed in /metrics anyway,
    and rendering a log line costs more CPU than serving a cached read."""

    def __init__(self, app: ASGIApp, *, log_all: bool = True, slow_ms: float = 1000.0) -> None:
        self.app = app
        self.log_all = log_all
        self.slow_ms = slow_ms

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex
        clear_context()
        bind_context(request_id=request_id)
        started = time.perf_counter()
        status_code = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode("latin-1")))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            duration_ms = (time.perf_counter() - started) * 1000
            if self.log_all or status_code >= 400 or status_code == 0 or duration_ms >= self.slow_ms:
                log.info(
                    "http.request",
                    method=scope.get("method", "WS"),
                    path=scope["path"],
                    status=status_code,
                    duration_ms=round(duration_ms, 2),
                )
            clear_context()


DRAIN_CAP_BYTES = 16 * 1024 * 1024


class BodySizeLimitMiddleware:
    """Answers 413 before parsing when a body exceeds ``max_bytes``.

    A declared Content-Length is checked up front; a chunked body is counted as it
    streams in, and the request is abandoned at the first byte over the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._drain(receive)
            await self._reject(send)
            return
        received = 0
        response_started = rejected = False

        async def counting_receive() -> Message:
            nonlocal received, rejected
            if rejected:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes and not response_started:
                    # Answer 413 ourselves; the app sees a disconnect and its reply is dropped.
                    rejected = True
                    if message.get("more_body", False):
                        await self._drain(receive)
                    await self._reject(send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal response_started
            if rejected:
                return
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        await self.app(scope, counting_receive, guarded_send)

    async def _drain(self, receive: Receive) -> None:
        """Read (and drop) what the client is still sending, up to a cap, so that closing
        the connection does not reset it before the client reads the 413."""
        drained = 0
        while drained < DRAIN_CAP_BYTES:
            message = await receive()
            if message["type"] != "http.request":
                return
            drained += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    async def _reject(self, send: Send) -> None:
        body = json.dumps({"detail": f"Request body too large: the limit is {self.max_bytes} bytes"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class ClientAddressMiddleware:
    """The client's address behind ``hops`` proxies that each append to X-Forwarded-For: the
    entry ``hops`` places from the right. Entries further left were written by the client
    and are never believed (uvicorn's ``FORWARDED_ALLOW_IPS=*`` takes the leftmost one, which
    a client can choose when the proxy appends)."""

    def __init__(self, app: ASGIApp, hops: int) -> None:
        self.app = app
        self.hops = hops

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            forwarded = b",".join(v for k, v in scope["headers"] if k == b"x-forwarded-for").decode("latin-1")
            hosts = [host.strip() for host in forwarded.split(",") if host.strip()]
            if len(hosts) >= self.hops:
                scope = {**scope, "client": (hosts[-self.hops][:64], 0)}
        await self.app(scope, receive, send)
